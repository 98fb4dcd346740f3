package ai.oceum.internal.delivery;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A bounded queue of events from application threads to the one sender thread, which wakes the
 * sender only when it is waiting.
 *
 * <p>Why not an {@code ArrayBlockingQueue}: its {@code offer} takes a lock shared with the sender
 * and signals a condition on every call, so every event that finds the sender idle pays for
 * waking it inside the lock (the profile of a distinct {@code log.error}: 7 % of the call). Why
 * not a {@code ConcurrentLinkedQueue} with a counter (the first version of this class): a node
 * allocated and two or three atomic instructions per event, the largest single frame of an
 * {@code @AgentTask} call's profile. Here an offer is one compare-and-set that claims a slot of a
 * ring and a release store into it; only the first offer that finds the sender parked unparks it,
 * outside any lock. The ring is allocated once, at the capacity rounded up to a power of two
 * (an {@code ArrayBlockingQueue} also allocated its whole array up front).
 *
 * <p>Why no event is missed: the waiting thread publishes itself in {@code waiter} before it
 * looks at the queue a last time, and an offer claims its slot before it reads {@code waiter}.
 * Both are volatile accesses, totally ordered: either the waiter sees the claim (and waits the
 * few instructions until the slot is written), or the offer sees the waiter and unparks it. A
 * stray unpark only makes the next park return early; the waiter then looks again.
 *
 * <p>Used by both queues, with and without a spool. Thread-safety: {@link #offer} from any number
 * of threads; {@link #poll} from one thread at a time (the sender, or a test driving it);
 * {@link #size}, {@link #remainingCapacity} and {@link #drain} from any thread.
 */
final class SenderHandoff {
    private static final VarHandle WAITER;
    private static final VarHandle PRODUCED;
    private static final VarHandle CONSUMED;
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(Object[].class);
    /** What a taken-back event leaves in its slot: the sender skips it. */
    private static final Object TAKEN_BACK = new Object();
    /** Spins of a sender that finds a slot claimed but not yet written, before it parks a microsecond at a time. */
    private static final int SPINS = 64;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            WAITER = lookup.findVarHandle(SenderHandoff.class, "waiter", Thread.class);
            PRODUCED = lookup.findVarHandle(SenderHandoff.class, "produced", long.class);
            CONSUMED = lookup.findVarHandle(SenderHandoff.class, "consumed", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The ring: slot {@code i & mask} holds the {@code i}-th event offered, null until it is written. */
    private final Object[] slots;

    private final int mask;
    private final int capacity;
    /** Held by whoever takes events out: {@link #take} is one thread at a time. */
    private final Object takeLock = new Object();
    /** Events taken back whose slots the sender has not passed yet. */
    private final AtomicInteger takenBack = new AtomicInteger();

    @SuppressWarnings("UnusedVariable") // read and written through PRODUCED
    private volatile long produced;

    @SuppressWarnings("UnusedVariable") // read and written through CONSUMED
    private volatile long consumed;

    @SuppressWarnings("UnusedVariable") // read and written through WAITER
    private volatile Thread waiter;

    SenderHandoff(int capacity) {
        if (capacity < 1 || capacity > 1 << 30) {
            throw new IllegalArgumentException("capacity " + capacity);
        }
        this.capacity = capacity;
        int length = Integer.highestOneBit(capacity);
        length = length == capacity ? capacity : length << 1;
        this.slots = new Object[length];
        this.mask = length - 1;
    }

    /** Appends the event unless the queue is full; wakes the sender if it waits. */
    boolean offer(Event event) {
        long p;
        do {
            p = (long) PRODUCED.getVolatile(this);
            if (p - (long) CONSUMED.getVolatile(this) >= capacity) {
                return false;
            }
        } while (!PRODUCED.compareAndSet(this, p, p + 1));
        SLOT.setRelease(slots, (int) p & mask, event);
        Thread w = (Thread) WAITER.getVolatile(this);
        if (w != null && WAITER.compareAndSet(this, w, null)) {
            LockSupport.unpark(w);
        }
        return true;
    }

    /**
     * Takes the event back if it is still queued (an offer that raced a close). Its slot is
     * marked, not emptied: the sender passes it without sending anything.
     */
    boolean remove(Event event) {
        long end = (long) PRODUCED.getVolatile(this);
        for (long i = (long) CONSUMED.getVolatile(this); i < end; i++) {
            int slot = (int) i & mask;
            if (SLOT.getAcquire(slots, slot) == event && SLOT.compareAndSet(slots, slot, event, TAKEN_BACK)) {
                takenBack.incrementAndGet();
                return true;
            }
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

    /**
     * The oldest event, or null when none is queued. A slot that an offer has claimed but not
     * written yet (the few instructions between its claim and its write) is waited for, so that
     * events leave in the order they were claimed and a drain at close misses none. Takers are one
     * at a time (the sender, and a close that drains while a stuck sender may still poll); the
     * slot is emptied with a compare-and-set because {@link #remove} may mark it at the same time.
     */
    private Event take() {
        synchronized (takeLock) {
            while (true) {
                long c = (long) CONSUMED.getVolatile(this);
                if (c == (long) PRODUCED.getVolatile(this)) {
                    return null;
                }
                int slot = (int) c & mask;
                Object o = SLOT.getAcquire(slots, slot);
                for (int spins = 0; o == null; spins++) {
                    if (spins < SPINS) {
                        Thread.onSpinWait();
                    } else {
                        LockSupport.parkNanos(this, 1_000L); // the offering thread was descheduled mid-offer
                    }
                    o = SLOT.getAcquire(slots, slot);
                }
                if (!SLOT.compareAndSet(slots, slot, o, null)) {
                    continue; // taken back meanwhile: read the mark
                }
                CONSUMED.setRelease(this, c + 1);
                if (o == TAKEN_BACK) {
                    takenBack.decrementAndGet();
                    continue;
                }
                return (Event) o;
            }
        }
    }

    /** Events queued now. */
    int size() {
        return (int) Math.max(0, Math.min(claimedSlots() - takenBack.get(), capacity));
    }

    /** How many more events fit now. */
    int remainingCapacity() {
        return Math.max(0, capacity - (int) claimedSlots());
    }

    /** Slots claimed and not yet passed by a taker, taken-back ones included: what the bound counts. */
    private long claimedSlots() {
        return (long) PRODUCED.getVolatile(this) - (long) CONSUMED.getVolatile(this);
    }

    /** Moves every queued event to {@code into}. */
    void drain(List<Event> into) {
        for (Event e = take(); e != null; e = take()) {
            into.add(e);
        }
    }
}
