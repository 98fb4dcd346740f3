package ai.oceum.internal.delivery;

import ai.oceum.internal.transport.Answer;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The reference SDK's retry rules, made safer: exponential backoff with ±20 % jitter (a fleet
 * that failed together does not retry together), {@code Retry-After} honoured in both of its
 * forms, and every wait capped. The one rule for both paths: the background sender and the
 * synchronous calls ({@link Requests}) ask it what an answer means ({@link #classify}), whether
 * to try again ({@link #mayRetry}) and how long to wait ({@link #waitBeforeRetry}).
 *
 * <p>Immutable and thread-safe.
 */
public final class RetryPolicy {
    private final int maxRetries;
    private final long initialNanos;
    private final long maxNanos;

    public RetryPolicy(int maxRetries, Duration initialDelay, Duration maxDelay) {
        this.maxRetries = maxRetries;
        this.initialNanos = initialDelay.toNanos();
        this.maxNanos = maxDelay.toNanos();
    }

    /** What to do with an answer. */
    public enum Verdict {
        SUCCESS,
        RETRY,
        UNAUTHORIZED,
        REJECTED
    }

    public static Verdict classify(int status) {
        if (status >= 200 && status < 300) {
            return Verdict.SUCCESS;
        }
        if (status == 429 || status == 408 || status >= 500) {
            return Verdict.RETRY;
        }
        if (status == 401 || status == 403) {
            return Verdict.UNAUTHORIZED;
        }
        return Verdict.REJECTED;
    }

    /**
     * Whether a retryable answer with this status asks the whole sender to pause, not only the
     * request it answered: a 429 (Oceum rate-limits the key, whichever event it is).
     */
    public static boolean pausesEverything(int status) {
        return status == 429;
    }

    /** Whether an event that has made {@code attempts} attempts may make another. */
    public boolean mayRetry(int attempts) {
        return attempts <= maxRetries;
    }

    public int maxRetries() {
        return maxRetries;
    }

    public long maxDelayNanos() {
        return maxNanos;
    }

    /** The first backoff ({@code retryInitialDelay}), in nanoseconds. */
    public long initialDelayNanos() {
        return initialNanos;
    }

    /** The backoff before attempt {@code attempts + 1}: initial × 2^(attempts-1), jittered, capped. */
    public long backoffNanos(int attempts) {
        int shift = Math.max(0, Math.min(attempts - 1, 30));
        double base = (double) initialNanos * (1L << shift);
        double jittered = base * (0.8 + 0.4 * ThreadLocalRandom.current().nextDouble());
        return (long) Math.min(jittered, (double) maxNanos);
    }

    /**
     * The wait before the next attempt after a retryable answer ({@link Verdict#RETRY}): what a 429
     * asks for, else the backoff. After a failure without an answer it is {@link #backoffNanos}.
     */
    public long waitBeforeRetry(Answer answer, int attempts, long nowEpochMillis) {
        return pausesEverything(answer.status())
                ? retryAfterNanos(answer.retryAfter(), attempts, nowEpochMillis)
                : backoffNanos(attempts);
    }

    /**
     * The wait a 429 asks for: {@code Retry-After} as delta seconds or an HTTP date, capped;
     * the backoff when the header is absent or unreadable.
     */
    public long retryAfterNanos(String retryAfter, int attempts, long nowEpochMillis) {
        Long nanos = parseRetryAfter(retryAfter, nowEpochMillis);
        return nanos == null ? backoffNanos(attempts) : Math.min(nanos, maxNanos);
    }

    /** Delta seconds or an RFC 1123 date → nanos to wait (≥ 0); null when absent or unreadable. */
    static Long parseRetryAfter(String v, long nowEpochMillis) {
        if (v == null || v.isBlank()) {
            return null;
        }
        String s = v.strip();
        try {
            long seconds = Long.parseLong(s);
            return seconds < 0
                    ? null
                    : Duration.ofSeconds(Math.min(seconds, 86_400)).toNanos();
        } catch (NumberFormatException notSeconds) {
            try {
                long at = ZonedDateTime.parse(s, DateTimeFormatter.RFC_1123_DATE_TIME)
                        .toInstant()
                        .toEpochMilli();
                return Duration.ofMillis(Math.max(0, Math.min(at - nowEpochMillis, 86_400_000L)))
                        .toNanos();
            } catch (DateTimeParseException notDate) {
                return null;
            }
        }
    }
}
