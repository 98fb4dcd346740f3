package ai.oceum.internal.delivery;

import ai.oceum.DropReason;
import ai.oceum.OceumStats;
import ai.oceum.internal.transport.NetworkFailures;
import ai.oceum.internal.util.ThrottledLogger;
import java.net.URI;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says what went wrong with delivery in words a user can act on: where the SDK tried (the webhook
 * URL, which never holds the key or user info: the builder refuses user info) and why (connection
 * refused, unknown host, timeout, TLS: worded by {@link NetworkFailures}, as the synchronous calls'
 * exceptions are). The first failure is logged at once, later ones at most every 30 s; the last
 * one is repeated in the summary that {@code close()} logs.
 *
 * <p>Thread-safe.
 */
final class DeliveryProblems {
    private static final Logger log = LoggerFactory.getLogger("ai.oceum.delivery");

    private final String agentId;
    private final URI target;
    private final NetworkFailures failures;
    private final ThrottledLogger warnings;
    private volatile String last;

    DeliveryProblems(String agentId, URI target, NetworkFailures failures, ThrottledLogger warnings) {
        this.agentId = agentId;
        this.target = target;
        this.failures = failures;
        this.warnings = warnings;
    }

    /** The URL events are posted to. */
    String target() {
        return target.toString();
    }

    /**
     * A request failed without an answer: remembered, and warned about. One warning for an
     * outage, at its first failure (and at most every 30 s for isolated failures); none while
     * Oceum stays unreachable, so that a long outage does not flood the log.
     */
    String failed(Throwable error, SendGate.Outage outage) {
        String why = failures.describe(error);
        if (NetworkFailures.isAbort(error)) {
            return why; // the client's own close, not a problem of the receiver
        }
        last = why + " at " + target;
        if (outage != SendGate.Outage.ONGOING) {
            // The same key as an isolated failure's: the outage's first failure has just said it.
            warnings.warn(
                    "network",
                    "Oceum could not deliver events for agent '" + agentId + "' to " + target + ": "
                            + why + failures.hint(error)
                            + "; retrying. While it stays unreachable, sending pauses: events"
                            + " wait in the queue (and spool) and one request at a time probes Oceum (see stats())");
        }
        return why;
    }

    /** Oceum answers again after an outage of {@code nanos}: said once, at INFO. */
    void reachableAgain(long nanos, long inMemory, boolean onDisk) {
        log.info(
                "Oceum is reachable again for agent '{}' at {} after {} ms without an answer; sending the events held"
                        + " ({} in memory{})",
                agentId,
                target,
                TimeUnit.NANOSECONDS.toMillis(nanos),
                inMemory,
                onDisk ? ", more in the spool" : "");
    }

    /** An answer that is not a success: remembered for the close summary. */
    void answered(int status) {
        String what = status == 401 || status == 403 ? " (API key refused)" : status == 429 ? " (rate limited)" : "";
        last = "HTTP " + status + what + " from " + target;
    }

    /** The warning for a refused API key (401/403), said once per failure period. */
    String keyRefused(int status, boolean keptInSpool) {
        return "Oceum refused the API key for agent '" + agentId + "' at " + target + " (HTTP " + status + "). "
                + (keptInSpool
                        ? "Events are kept in the spool directory and sending is paused until the key works:"
                                + " fix OCEUM_API_KEY and restart; the next client on that directory delivers them."
                        : "Events are dropped until the key is fixed: check OCEUM_API_KEY.")
                + " Check that this key may report for this agent.";
    }

    /** The key works again after a refusal: said once, at INFO. */
    void keyAcceptedAgain() {
        log.info("Oceum accepts the API key for agent '{}' again", agentId);
    }

    /**
     * What {@code close()} logs: nothing when every event was delivered; otherwise what was
     * dropped or left in the spool, and the last delivery problem.
     */
    String closeSummary(OceumStats s) {
        if (s.droppedTotal() == 0 && s.spooled() == 0) {
            return null;
        }
        StringBuilder b = new StringBuilder("Oceum client for agent '")
                .append(agentId)
                .append("' closed: ")
                .append(s.sent())
                .append(" events sent");
        if (s.droppedTotal() > 0) {
            StringJoiner reasons = new StringJoiner(", ", " (", ")");
            for (Map.Entry<DropReason, Long> e : s.dropped().entrySet()) {
                if (e.getValue() > 0) {
                    reasons.add(e.getKey() + " " + e.getValue());
                }
            }
            b.append(", ").append(s.droppedTotal()).append(" dropped").append(reasons);
        }
        if (s.spooled() > 0) {
            b.append(", ").append(s.spooled()).append(" kept in the spool for the next client");
        }
        String problem = last;
        if (problem != null) {
            b.append("; last delivery problem: ").append(problem);
        }
        return b.append(" (see stats())").toString();
    }
}
