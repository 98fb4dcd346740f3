package ai.oceum.internal.delivery;

import ai.oceum.DropReason;
import java.util.List;

/**
 * Where accepted events wait for the sender: in memory only, or in memory backed by the spool
 * directory. {@link #offer} runs on application threads and must never block on the network.
 */
public interface EventQueue {
    /** Accepts an event; returns null when accepted, otherwise why it was not. */
    DropReason offer(Event event);

    /** The next event to send, waiting up to {@code timeoutNanos}; null if none came. */
    Event poll(long timeoutNanos) throws InterruptedException;

    /** The event was answered for good (delivered or rejected): forget any durable copy. */
    void completed(Event event);

    /**
     * The event could not be delivered now but must not be lost: keep it durably for a later
     * attempt. Returns false when there is no durable copy (memory only): the caller drops it.
     */
    boolean keepForLater(Event event);

    /** Refills memory from the durable store when the sender is idle; true if anything came. */
    boolean refill();

    /** Whether the durable store holds events not in memory. */
    boolean hasBacklog();

    /** Events waiting in memory. */
    int size();

    /** Events held durably and not yet answered. */
    long spooled();

    /** Events adopted from an earlier process so far. */
    long replayed();

    /** Stops; returns the events in memory that have no durable copy (the caller drops them). */
    List<Event> close();
}
