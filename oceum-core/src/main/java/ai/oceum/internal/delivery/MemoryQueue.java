package ai.oceum.internal.delivery;

import ai.oceum.DropReason;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A bounded in-memory queue: when full, new events are dropped (counted by the caller). */
public final class MemoryQueue implements EventQueue {
    private final ArrayBlockingQueue<Event> queue;
    private final int capacity;

    public MemoryQueue(int capacity) {
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.capacity = capacity;
    }

    @Override
    public DropReason offer(Event event) {
        return queue.offer(event) ? null : DropReason.QUEUE_FULL;
    }

    @Override
    public Event poll(long timeoutNanos) throws InterruptedException {
        return queue.poll(timeoutNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void completed(Event event) {
    }

    /** Nothing is kept beyond its retries without a spool: the reference SDK's rules. */
    @Override
    public Kept keepForLater(Event event, boolean mayHoldInMemory) {
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
    public boolean refill() {
        return false;
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
        List<Event> left = new ArrayList<>();
        queue.drainTo(left);
        return left;
    }
}
