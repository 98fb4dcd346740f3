package ai.oceum;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Oceum's answer to one telemetry event: the future of every telemetry call completes with it.
 * (A future completes exceptionally with {@link OceumException} when the event was dropped.)
 *
 * <p>For a {@code usage} event the platform computes the cost: {@link #costUsd()}, a decimal
 * exactly as the platform wrote it (money never goes through {@code double}). A disabled client
 * completes every call with {@link #disabled()}, whose {@link #isDisabled()} is true.
 *
 * <p>Immutable and thread-safe.
 */
public final class WebhookResponse {
    private static final WebhookResponse DISABLED = new WebhookResponse(0, Map.of(), true, false);
    private static final WebhookResponse SPOOLED = new WebhookResponse(0, Map.of(), false, true);

    private final int statusCode;
    private final Map<String, Object> body;
    private final boolean disabled;
    private final boolean spooled;

    private WebhookResponse(int statusCode, Map<String, Object> body, boolean disabled, boolean spooled) {
        this.statusCode = statusCode;
        this.body = body;
        this.disabled = disabled;
        this.spooled = spooled;
    }

    /**
     * An answer as received.
     *
     * @param statusCode the HTTP status (2xx)
     * @param body the parsed JSON body; an empty map when the body was empty or not a JSON object
     */
    public static WebhookResponse of(int statusCode, Map<String, Object> body) {
        return new WebhookResponse(
                statusCode,
                body == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(body)),
                false,
                false);
    }

    /** The answer of a disabled client: nothing was sent. */
    public static WebhookResponse disabled() {
        return DISABLED;
    }

    /**
     * The answer for an event that is safe in the spool directory but whose delivery this future
     * no longer follows (the memory queue was full, Oceum stayed unreachable past the retries, or
     * the client closed first): it will be sent later, by this client or the next one on the
     * same directory.
     */
    public static WebhookResponse spooled() {
        return SPOOLED;
    }

    /** True when the event is held in the spool for later delivery (see {@link #spooled()}). */
    public boolean isSpooled() {
        return spooled;
    }

    /** HTTP status of the answer; 0 for a disabled client or a spooled event. */
    public int statusCode() {
        return statusCode;
    }

    /** True when nothing was sent because the client is disabled (no API key). */
    public boolean isDisabled() {
        return disabled;
    }

    /** The {@code ok} field of the answer; true for a 2xx answer that does not say otherwise. */
    public boolean ok() {
        Object ok = body.get("ok");
        return ok instanceof Boolean b ? b : statusCode >= 200 && statusCode < 300;
    }

    /** The event type the platform recorded, if it said. */
    public String event() {
        Object e = body.get("event");
        return e == null ? null : e.toString();
    }

    /**
     * The cost in US dollars the platform computed for a {@code usage} event, if it said: the
     * decimal as written in the answer ({@code 0.0075} prints as {@code 0.0075}; use
     * {@link BigDecimal#toPlainString()} to avoid scientific notation for amounts below a
     * millionth). Empty when the answer has no {@code costUsd} or it is not a number.
     */
    public Optional<BigDecimal> costUsd() {
        Object c = body.get("costUsd");
        try {
            if (c instanceof BigDecimal d) {
                return Optional.of(d);
            }
            if (c instanceof Double || c instanceof Float) {
                // Only from a body built by hand: answers are parsed with decimals as BigDecimal.
                double d = ((Number) c).doubleValue();
                return Double.isFinite(d) ? Optional.of(BigDecimal.valueOf(d)) : Optional.empty();
            }
            if (c instanceof Number || c instanceof String) {
                return Optional.of(new BigDecimal(c.toString().strip())); // Integer, Long, BigInteger, "0.0075"
            }
        } catch (NumberFormatException notANumber) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** The whole JSON answer, unmodifiable. */
    public Map<String, Object> body() {
        return body;
    }

    @Override
    public String toString() {
        if (spooled) {
            return "WebhookResponse{spooled}";
        }
        return disabled ? "WebhookResponse{disabled}" : "WebhookResponse{status=" + statusCode + ", body=" + body + '}';
    }
}
