package ai.oceum.spring.boot.health;

import ai.oceum.DropReason;
import ai.oceum.Oceum;
import ai.oceum.OceumException;
import ai.oceum.OceumStats;
import ai.oceum.WebhookResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.function.LongSupplier;

/**
 * Whether the client is delivering, for the {@code oceum} health contributor of either Boot line.
 * It depends on the core's public API only, so one copy serves the Boot 3 and the Boot 4 binding.
 *
 * <p>Two inputs: the outcomes of the events the starter sends itself (heartbeats and status
 * changes, through {@link #record}), which carry the cause of a failure; and the client's
 * {@link OceumStats}, compared with the previous check, which show progress and failures of every
 * other event. A refused API key shows at once; failures without any delivery show only after
 * {@code gracePeriod}, so a short outage or one retried request never flips the status.
 *
 * <p>Thread-safe: {@link #record} runs on the client's callback threads, {@link #check} on the
 * health endpoint's; both take this object's lock for microseconds and never block on the network.
 */
public final class DeliveryHealth {
    /** Status code while delivering. */
    public static final String UP = "UP";
    /** Status code of a disabled (no API key) or closed client. */
    public static final String UNKNOWN = "UNKNOWN";

    private final Oceum client;
    private final Duration gracePeriod;
    private final String failureStatus;
    private final LongSupplier nanoClock;
    private final Clock wallClock;

    private OceumStats previous;
    private boolean keyRefused;
    private long troubleSinceNanos = -1;
    private Instant troubleSince;
    private Instant lastSuccess;
    private Instant lastFailureAt;
    private String lastFailureCause;

    /** A model for {@code client}; {@code failureStatus} is shown when not delivering (for example DEGRADED or DOWN). */
    public DeliveryHealth(Oceum client, Duration gracePeriod, String failureStatus) {
        this(client, gracePeriod, failureStatus, System::nanoTime, Clock.systemUTC());
    }

    /** As above, with the clocks given (tests). */
    public DeliveryHealth(
            Oceum client, Duration gracePeriod, String failureStatus, LongSupplier nanoClock, Clock wallClock) {
        if (gracePeriod == null || gracePeriod.isNegative()) {
            throw new IllegalArgumentException("oceum.health.grace-period must not be negative, was " + gracePeriod);
        }
        if (failureStatus == null || failureStatus.isBlank()) {
            throw new IllegalArgumentException(
                    "oceum.health.failure-status must not be blank: use DEGRADED (the default) or DOWN");
        }
        this.client = client;
        this.gracePeriod = gracePeriod;
        this.failureStatus = failureStatus.strip().toUpperCase(Locale.ROOT);
        this.nanoClock = nanoClock;
        this.wallClock = wallClock;
    }

    /** The client this model watches. */
    public Oceum client() {
        return client;
    }

    /**
     * Records the outcome of an event the starter sent (for {@code future.whenComplete(health::record)}).
     * Never throws.
     */
    public void record(WebhookResponse response, Throwable failure) {
        try {
            synchronized (this) {
                long now = nanoClock.getAsLong();
                if (failure == null) {
                    if (response != null && response.ok() && !response.isDisabled() && !response.isSpooled()) {
                        success();
                    }
                    return;
                }
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause()
                        : failure;
                if (cause instanceof OceumException oe && oe.reason() == DropReason.SHUTDOWN) {
                    return; // our own shutdown, not a delivery problem
                }
                lastFailureAt = wallClock.instant();
                lastFailureCause = describe(cause);
                if (cause instanceof OceumException oe
                        && (oe.reason() == DropReason.UNAUTHORIZED
                                || oe.statusCode() == 401
                                || oe.statusCode() == 403)) {
                    keyRefused = true;
                } else {
                    trouble(now);
                }
            }
        } catch (RuntimeException e) {
            // A health model must never break the callback that feeds it.
        }
    }

    /** The status now, with details. Never throws. */
    public synchronized Report check() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("agentId", client.agentId());
        if (!client.isEnabled()) {
            details.put("enabled", false);
            details.put("reason", "no API key: set oceum.api-key (OCEUM_API_KEY)");
            return new Report(UNKNOWN, details);
        }
        long now = nanoClock.getAsLong();
        OceumStats stats = client.stats();
        compare(stats, now);
        details.put("queued", stats.queued());
        details.put("inFlight", stats.inFlight());
        details.put("sent", stats.sent());
        details.put("retried", stats.retried());
        details.put("failed", stats.failed());
        Map<String, Long> dropped = new LinkedHashMap<>();
        stats.dropped().forEach((reason, n) -> dropped.put(reason.name().toLowerCase(Locale.ROOT), n));
        details.put("dropped", dropped);
        details.put("spooled", stats.spooled());
        if (stats.notSpooled() > 0) {
            details.put("notSpooled", stats.notSpooled());
        }
        if (lastSuccess != null) {
            details.put("lastSuccess", lastSuccess.toString());
        }
        if (lastFailureAt != null) {
            details.put("lastFailure", Map.of("at", lastFailureAt.toString(), "cause", lastFailureCause));
        }
        if (client.isClosed()) {
            details.put("closed", true);
            return new Report(UNKNOWN, details);
        }
        if (keyRefused) {
            details.put(
                    "reason",
                    "Oceum refused the API key (401/403): check oceum.api-key and that it may report as '"
                            + client.agentId() + "'");
            return new Report(failureStatus, details);
        }
        if (troubleSince != null) {
            details.put("failingSince", troubleSince.toString());
            if (now - troubleSinceNanos >= gracePeriod.toNanos()) {
                // While Oceum is unreachable the client holds events (their futures stay open), so
                // the cause may be known only to the client's log, not to a failed future.
                details.put(
                        "reason",
                        "no event delivered for more than " + gracePeriod.toSeconds()
                                + " s: Oceum cannot be reached or keeps failing"
                                + (lastFailureAt != null
                                        ? " (see lastFailure)"
                                        : " (requests fail without an answer; the client's log names the cause)"));
                return new Report(failureStatus, details);
            }
        }
        return new Report(UP, details);
    }

    /** Progress and failures of all events since the previous check. */
    private void compare(OceumStats now, long nanos) {
        OceumStats before = previous == null ? zero() : previous;
        previous = now;
        long sent = now.sent() - before.sent();
        long refused = now.dropped(DropReason.UNAUTHORIZED) - before.dropped(DropReason.UNAUTHORIZED);
        long failures = (now.retried() - before.retried()) + (now.failed() - before.failed() - refused);
        if (refused > 0 && sent == 0) {
            keyRefused = true;
            if (lastFailureCause == null) {
                lastFailureAt = wallClock.instant();
                lastFailureCause = "Oceum answered 401/403 to " + refused + " event(s)";
            }
        } else if (sent > 0) {
            success();
        } else if (failures > 0) {
            // Retries and failures without a single delivery. (Events merely waiting are not
            // trouble: a request in flight between two checks is normal.)
            trouble(nanos);
        }
    }

    private void success() {
        keyRefused = false;
        troubleSinceNanos = -1;
        troubleSince = null;
        lastSuccess = wallClock.instant();
    }

    private void trouble(long now) {
        if (troubleSince == null) {
            troubleSinceNanos = now;
            troubleSince = wallClock.instant();
        }
    }

    private static OceumStats zero() {
        return new OceumStats(0, 0, 0, 0, 0, 0, Map.of(), 0, 0, 0);
    }

    /** The exception's type and message, first line only; the core's messages never hold the key. */
    private static String describe(Throwable t) {
        String message = t.getMessage();
        String first = message == null ? "" : message.lines().findFirst().orElse("");
        return t.getClass().getSimpleName() + (first.isEmpty() ? "" : ": " + first);
    }

    /**
     * A status code ({@value #UP}, {@value #UNKNOWN}, or the configured failure status) and the
     * details to show; the details never contain the API key.
     */
    public record Report(String status, Map<String, Object> details) {
        /** A report; the details are copied. */
        public Report {
            details = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(details));
        }
    }
}
