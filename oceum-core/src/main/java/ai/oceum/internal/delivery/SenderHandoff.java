package ai.oceum.internal.delivery;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A bounded queue of events from application threads to the one sender thread, which wakes the
 * sender only when it is waiting.
 *
 * <p>Why not an {@code ArrayBlockingQueue}: its {@code offer} takes a lock shared with the sender
 * and signals a condition on every call, so every event that finds the sender idle pays for
 * waking it inside the lock (the profile of a distinct {@code log.error}: 7 % of the call). Here
 * an offer is a counter increment and a lock-free append; only the first offer that finds the
 * sender parked unparks it, outside any lock.
 *
 * <p>Why no event is missed: the waiting thread publishes itself in {@code waiter} before it
 * looks at the queue a last time, and an offer appends before it reads {@code waiter}. Both are
 * volatile accesses, totally ordered: either the waiter sees the event, or the offer sees the
 * waiter and unparks it. A stray unpark only makes the next park return early; the waiter then
 * looks again.
 *
 * <p>Used by both queues, with and without a spool. Thread-safety: {@link #offer} from any number
 * of threads; {@link #poll} from one thread at a time (the sender, or a test driving it);
 * {@link #size}, {@link #remainingCapacity} and {@link #drain} from any thread.
 */
final class SenderHandoff {
    private static final VarHandle WAITER;

    static {
        try {
            WAITER = MethodHandles.lookup().findVarHandle(SenderHandoff.class, "waiter", Thread.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final ConcurrentLinkedQueue<Event> events = new ConcurrentLinkedQueue<>();
    /** Events in {@code events}, reserved before they are appended: the bound is never passed. */
    private final AtomicInteger size = new AtomicInteger();

    private final int capacity;

    @SuppressWarnings("UnusedVariable") // read and written through WAITER
    private volatile Thread waiter;

    SenderHandoff(int capacity) {
        this.capacity = capacity;
    }

    /** Appends the event unless the queue is full; wakes the sender if it waits. */
    boolean offer(Event event) {
        if (size.incrementAndGet() > capacity) {
            size.decrementAndGet();
            return false;
        }
        events.offer(event);
        Thread w = (Thread) WAITER.getVolatile(this);
        if (w != null && WAITER.compareAndSet(this, w, null)) {
            LockSupport.unpark(w);
        }
        return true;
    }

    /** Takes the event back if it is still queued (an offer that raced a close). */
    boolean remove(Event event) {
        if (events.remove(event)) {
            size.decrementAndGet();
            return true;
        }
        return false;
    }

    /** The oldest event, waiting up to {@code timeoutNanos}; null if none came. */
    Event poll(long timeoutNanos) throws InterruptedException {
        Event e = take();
        if (e != null || timeoutNanos <= 0) {
            return e;
        }
        long deadline = System.nanoTime() + timeoutNanos;
        Thread me = Thread.currentThread();
        try {
            while (true) {
                WAITER.setVolatile(this, me);
                e = take();
                if (e != null) {
                    return e;
                }
                long rest = deadline - System.nanoTime();
                if (rest <= 0) {
                    return null;
                }
                LockSupport.parkNanos(this, rest);
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
            }
        } finally {
            WAITER.compareAndSet(this, me, null);
        }
    }

    private Event take() {
        Event e = events.poll();
        if (e != null) {
            size.decrementAndGet();
        }
        return e;
    }

    /** Events queued now. */
    int size() {
        return size.get();
    }

    /** How many more events fit now. */
    int remainingCapacity() {
        return Math.max(0, capacity - size.get());
    }

    /** Moves every queued event to {@code into}. */
    void drain(List<Event> into) {
        for (Event e = take(); e != null; e = take()) {
            into.add(e);
        }
    }
}
