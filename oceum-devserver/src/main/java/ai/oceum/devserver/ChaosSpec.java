package ai.oceum.devserver;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Fault injection for the API endpoints: a share of requests answered with an error status
 * before any processing, and an added latency. Parsed from a spec such as
 * {@code 429=0.2,500=0.1,latency=200ms}, so users can watch the SDK's retries work.
 *
 * <p>Immutable and thread-safe; the random source is the caller's.
 */
public final class ChaosSpec {
    private static final ChaosSpec NONE = new ChaosSpec(Map.of(), Duration.ZERO);

    private final Map<Integer, Double> statusShares;
    private final Duration latency;

    private ChaosSpec(Map<Integer, Double> statusShares, Duration latency) {
        this.statusShares = statusShares;
        this.latency = latency;
    }

    /** No fault injection. */
    public static ChaosSpec none() {
        return NONE;
    }

    /**
     * Parses {@code <status>=<share>} and {@code latency=<n>ms|s} items separated by commas.
     *
     * @throws IllegalArgumentException naming the bad item
     */
    public static ChaosSpec parse(String spec) {
        if (spec == null || spec.isBlank()) {
            return NONE;
        }
        Map<Integer, Double> shares = new LinkedHashMap<>();
        Duration latency = Duration.ZERO;
        double total = 0;
        for (String raw : spec.split(",")) {
            String item = raw.strip().toLowerCase(Locale.ROOT);
            int eq = item.indexOf('=');
            if (eq <= 0 || eq == item.length() - 1) {
                throw new IllegalArgumentException(
                        "chaos item '" + item + "' must look like 429=0.2, 500=0.1 or latency=200ms");
            }
            String key = item.substring(0, eq).strip();
            String value = item.substring(eq + 1).strip();
            if (key.equals("latency")) {
                latency = parseDuration(value);
                continue;
            }
            int status = parseStatus(key);
            double share = parseShare(key, value);
            shares.put(status, share);
            total += share;
        }
        if (total > 1.0 + 1e-9) {
            throw new IllegalArgumentException("chaos shares add up to " + total + ", more than 1");
        }
        return new ChaosSpec(Collections.unmodifiableMap(shares), latency);
    }

    /** Status code to share of requests (0..1). */
    public Map<Integer, Double> statusShares() {
        return statusShares;
    }

    /** Latency added to every API request. */
    public Duration latency() {
        return latency;
    }

    /** Whether this injects anything. */
    public boolean isActive() {
        return !statusShares.isEmpty() || !latency.isZero();
    }

    /** The status to answer with for one request, or 0 to process it normally. */
    public int pickStatus(RandomGenerator random) {
        if (statusShares.isEmpty()) {
            return 0;
        }
        double r = random.nextDouble();
        double acc = 0;
        for (Map.Entry<Integer, Double> e : statusShares.entrySet()) {
            acc += e.getValue();
            if (r < acc) {
                return e.getKey();
            }
        }
        return 0;
    }

    @Override
    public String toString() {
        if (!isActive()) {
            return "none";
        }
        StringBuilder sb = new StringBuilder();
        statusShares.forEach((s, p) ->
                sb.append(sb.length() == 0 ? "" : ",").append(s).append('=').append(p));
        if (!latency.isZero()) {
            sb.append(sb.length() == 0 ? "" : ",")
                    .append("latency=")
                    .append(latency.toMillis())
                    .append("ms");
        }
        return sb.toString();
    }

    private static int parseStatus(String key) {
        try {
            int status = Integer.parseInt(key);
            if (status < 400 || status > 599) {
                throw new IllegalArgumentException("chaos status " + status + " must be a 4xx or 5xx code");
            }
            return status;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "chaos key '" + key + "' must be an HTTP status (429, 500, 503…) or 'latency'");
        }
    }

    private static double parseShare(String key, String value) {
        try {
            double share = Double.parseDouble(
                    value.endsWith("%")
                            ? String.valueOf(Double.parseDouble(value.substring(0, value.length() - 1)) / 100)
                            : value);
            if (!(share >= 0 && share <= 1)) {
                throw new IllegalArgumentException("chaos share for " + key + " must be between 0 and 1, was " + value);
            }
            return share;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "chaos share for " + key + " must be a number like 0.2 or 20%, was '" + value + "'");
        }
    }

    private static Duration parseDuration(String value) {
        try {
            if (value.endsWith("ms")) {
                return nonNegative(Duration.ofMillis(
                        Long.parseLong(value.substring(0, value.length() - 2).strip())));
            }
            if (value.endsWith("s")) {
                return nonNegative(Duration.ofMillis(Math.round(Double.parseDouble(
                                value.substring(0, value.length() - 1).strip())
                        * 1000)));
            }
            return nonNegative(Duration.ofMillis(Long.parseLong(value)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("chaos latency must look like 200ms or 1.5s, was '" + value + "'");
        }
    }

    private static Duration nonNegative(Duration d) {
        if (d.isNegative()) {
            throw new IllegalArgumentException("chaos latency must not be negative");
        }
        return d;
    }
}
