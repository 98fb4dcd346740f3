package ai.oceum.internal.delivery;

import ai.oceum.DropReason;
import ai.oceum.internal.spool.SpoolRef;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/** A bounded in-memory queue: when full, new events are dropped (counted by the caller). */
public final class MemoryQueue implements EventQueue {
    private final SenderHandoff queue;
    private final int capacity;
    private volatile boolean closed;

    public MemoryQueue(int capacity) {
        this.queue = new SenderHandoff(capacity);
        this.capacity = capacity;
    }

    @Override
    public DropReason offer(Event event) {
        if (closed) {
            return DropReason.SHUTDOWN;
        }
        if (!queue.offer(event)) {
            return DropReason.QUEUE_FULL;
        }
        // close() sets the flag before it drains: an event that got in after the drain is seen
        // here and taken back; one that got in before was drained, and close() settles it.
        if (closed && queue.remove(event)) {
            return DropReason.SHUTDOWN;
        }
        return null;
    }

    @Override
    public Event poll(long timeoutNanos) throws InterruptedException {
        return queue.poll(timeoutNanos);
    }

    @Override
    public void completed(Event event) {}

    /** Nothing is kept beyond its retries without a spool: the reference SDK's rules. */
    @Override
    public Kept keepForLater(Event event, boolean mayHoldInMemory, BiConsumer<Event, SpoolRef> beforeReadable) {
        return Kept.NOT_KEPT;
    }

    @Override
    public boolean holdsUndeliverable() {
        return false;
    }

    @Override
    public int capacity() {
        return capacity;
    }

    @Override
    public long notSpooled() {
        return 0;
    }

    @Override
    public boolean refill(Consumer<SpoolRef> lost) {
        return false;
    }

    @Override
    public long unreadable() {
        return 0;
    }

    @Override
    public boolean hasBacklog() {
        return false;
    }

    @Override
    public int size() {
        return queue.size();
    }

    @Override
    public long spooled() {
        return 0;
    }

    @Override
    public long replayed() {
        return 0;
    }

    @Override
    public List<Event> close() {
        closed = true;
        List<Event> left = new ArrayList<>();
        queue.drain(left);
        return left;
    }
}
