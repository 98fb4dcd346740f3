package ai.oceum.internal.delivery;

import ai.oceum.DropReason;
import ai.oceum.OceumException;
import ai.oceum.OceumStats;
import ai.oceum.WebhookResponse;
import ai.oceum.internal.json.SafeJson;
import ai.oceum.internal.util.ThrottledLogger;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Where every accepted event ends, exactly once: delivered ({@code sent}), kept for later in the
 * spool, or dropped with a reason, counted and warned about (rate-limited). Each end also tells
 * the queue (forget the spool record) and the task order (the task's next event may go), and
 * completes the event's future. {@link Event#finish()} makes the end happen once whatever races
 * (a late answer and close, a drop and a retry).
 *
 * <p>Thread-safe: called from the application's threads (refusals), the sender, the HTTP threads
 * (answers) and close.
 */
final class Settlement {
    private final String agentId;
    private final EventQueue queue;
    private final TaskOrder order;
    private final ThrottledLogger warnings;
    private final Counters counters = new Counters();

    Settlement(String agentId, EventQueue queue, TaskOrder order, ThrottledLogger warnings) {
        this.agentId = agentId;
        this.queue = queue;
        this.order = order;
        this.warnings = warnings;
    }

    /** Counts an event handed to the client, before anything else happens to it. */
    void accepted() {
        counters.accepted.increment();
    }

    /** Counts an attempt that will be retried. */
    void retried() {
        counters.retried.increment();
    }

    /** Oceum acknowledged the event (2xx). */
    void delivered(Event event, int status, String body) {
        queue.completed(event);
        order.release(event);
        if (event.finish()) {
            counters.sent.increment();
            if (event.watched()) { // nobody reads the answer of a task scope's start or end: no parsing
                event.complete(WebhookResponse.of(status, SafeJson.parseObject(body)));
            }
        }
    }

    /** The event reached Oceum, or exhausted its retries, and is not delivered: dropped for {@code reason}. */
    void failed(Event event, DropReason reason, int status, String body) {
        queue.completed(event);
        order.release(event);
        if (event.finish()) {
            counters.drop(reason);
            event.fail(new OceumException(
                    "Oceum event '" + event.type() + "' not delivered: " + reason.description()
                            + (status > 0 ? " (HTTP " + status + ")" : ""),
                    status,
                    body,
                    reason,
                    null));
        }
    }

    /** The event never left the client (queue full, shutdown, over the order's bound): dropped and warned about. */
    void drop(Event event, DropReason reason) {
        order.release(event);
        if (event.finish()) {
            counters.drop(reason);
            warnings.warn(
                    "drop-" + reason,
                    "Oceum dropped events for agent '" + agentId + "': " + reason.description() + " (see stats())");
            event.fail(new DroppedException(
                    "Oceum event '" + event.type() + "' dropped: " + reason.description(), reason));
        }
    }

    /**
     * The event's body could not be built (its payload failed): dropped as
     * {@link DropReason#REJECTED} and warned about (rate-limited), never sent half-built.
     */
    void unbuildable(Event event, Throwable cause) {
        warnings.warn(
                "unbuildable",
                "Oceum could not build a '" + event.type() + "' event for agent '" + agentId
                        + "' and dropped it (counted in stats() as " + DropReason.REJECTED + "): " + cause);
        failed(event, DropReason.REJECTED, 0, "");
    }

    /**
     * Hands an undeliverable event to the queue to keep: a spooled one is settled (its future
     * says "spooled") and keeps its place in its task's order; one held in memory stays pending
     * (only while {@code running}). False when the queue keeps nothing.
     */
    boolean keepForLater(Event event, boolean running) {
        switch (queue.keepForLater(event, running, order::park)) {
            case DURABLY -> {
                if (event.finish()) {
                    event.complete(WebhookResponse.spooled());
                }
                return true;
            }
            case IN_MEMORY -> {
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    /** Keeps an undeliverable event for later if the queue can, else fails it for {@code reason}. */
    void keepOrFail(Event event, boolean running, DropReason reason, int status, String body) {
        if (!keepForLater(event, running)) {
            failed(event, reason, status, body);
        }
    }

    /**
     * Counts a telemetry call whose event could not even be built (an unexpected failure in the
     * SDK itself), so that it shows in {@code stats()} as accepted and dropped as
     * {@link DropReason#REJECTED} instead of vanishing; warns at most every 30 s.
     */
    void rejected(Throwable cause) {
        counters.accepted.increment();
        counters.drop(DropReason.REJECTED);
        warnings.warn(
                "rejected",
                "Oceum could not record an event for agent '" + agentId + "': " + cause
                        + " (counted as dropped, see stats())");
    }

    /**
     * The counters, with what is waiting now: {@code waiting} events in memory and {@code inFlight}
     * on the wire, read after {@code accepted} (so that a snapshot taken while events come in
     * never shows more settled than accepted).
     */
    OceumStats stats(LongSupplier waiting, LongSupplier inFlight) {
        Map<DropReason, Long> dropped = counters.dropped();
        long unreadable = queue.unreadable();
        if (unreadable > 0) {
            dropped = new EnumMap<>(dropped);
            dropped.merge(DropReason.SPOOL_UNREADABLE, unreadable, Long::sum);
        }
        return new OceumStats(
                counters.accepted.sum(),
                waiting.getAsLong(),
                inFlight.getAsLong(),
                counters.sent.sum(),
                counters.retried.sum(),
                counters.failed.sum(),
                dropped,
                queue.spooled(),
                queue.replayed(),
                queue.notSpooled());
    }
}
