package ai.oceum.internal.delivery;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Events waiting for their next attempt, earliest first: a delay queue, never a sleeping thread
 * per event. Closed once by {@code close()}: an answer that arrives later cannot put an event here
 * after close took what was left ({@link #add} then says no, and the caller settles the event).
 *
 * <p>Thread-safe: answers add from the HTTP threads, the sender takes.
 */
final class RetryQueue {
    private final PriorityQueue<Event> due = new PriorityQueue<>(Comparator.comparingLong(e -> e.dueNanos));
    private boolean closed;

    /** Schedules the event's next attempt; false once closed. */
    synchronized boolean add(Event event, long dueNanos) {
        if (closed) {
            return false;
        }
        event.dueNanos = dueNanos;
        due.add(event);
        return true;
    }

    /** The earliest event if it is due at {@code now}, else null. */
    synchronized Event pollDue(long now) {
        Event head = due.peek();
        return head != null && head.dueNanos - now <= 0 ? due.poll() : null;
    }

    /** Nanoseconds until the earliest event is due (at least 1), or {@code idle} when none waits. */
    synchronized long nanosUntilNext(long now, long idle) {
        Event head = due.peek();
        return head == null ? idle : Math.max(1, head.dueNanos - now);
    }

    synchronized int size() {
        return due.size();
    }

    /** Refuses further events and returns those waiting. */
    synchronized List<Event> close() {
        closed = true;
        List<Event> left = new ArrayList<>(due);
        due.clear();
        return left;
    }
}
