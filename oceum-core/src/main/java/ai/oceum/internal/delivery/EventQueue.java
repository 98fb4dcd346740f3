package ai.oceum.internal.delivery;

import ai.oceum.DropReason;
import ai.oceum.internal.spool.SpoolRef;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Where accepted events wait for the sender: in memory only, or in memory backed by the spool
 * directory. {@link #offer} runs on application threads and must never block on the network.
 */
public interface EventQueue {
    /**
     * Accepts an event; returns null when accepted, otherwise why it was not. After
     * {@link #close()} began, every offer is refused ({@link DropReason#SHUTDOWN}) or, if it
     * raced the close, still ends in the spool or in the list close returns: never stranded.
     */
    DropReason offer(Event event);

    /** The next event to send, waiting up to {@code timeoutNanos}; null if none came. */
    Event poll(long timeoutNanos) throws InterruptedException;

    /** The event was answered for good (delivered or rejected): forget any durable copy. */
    void completed(Event event);

    /** Where {@link #keepForLater} put an event. */
    enum Kept {
        /** In the spool: the caller may complete the event's future as spooled and forget it. */
        DURABLY,
        /**
         * Back in the bounded memory queue (it has no durable copy): the event is still pending,
         * its future is completed when it is finally delivered or dropped.
         */
        IN_MEMORY,
        /** Nowhere: the caller drops it, counted. */
        NOT_KEPT
    }

    /**
     * The event could not be delivered now but must not be lost: keep it for a later attempt.
     * A queue without a spool keeps nothing ({@link Kept#NOT_KEPT}). A spooling queue keeps it
     * durably, or, when the event could not be written to the spool, in memory while the memory
     * queue has room and {@code mayHoldInMemory} (false once the client is stopping).
     * {@code beforeReadable} learns where a durably kept event is, before it can be read back.
     */
    Kept keepForLater(Event event, boolean mayHoldInMemory, BiConsumer<Event, SpoolRef> beforeReadable);

    /**
     * Whether events can wait here beyond their retries (a spool is set): then a refused API
     * key pauses the sender instead of dropping events.
     */
    boolean holdsUndeliverable();

    /** The memory queue's capacity: also the bound on events waiting in the sender's retry queue. */
    int capacity();

    /** Events that could not be written to the spool and waited in memory only (cumulative). */
    long notSpooled();

    /**
     * Refills memory from the durable store; true if anything came. A record that cannot be read
     * back is dropped (counted in {@link #unreadable()}) and handed to {@code lost}.
     */
    boolean refill(Consumer<SpoolRef> lost);

    /** Records that could not be read back from the spool and were dropped (cumulative). */
    long unreadable();

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
