package ai.oceum.integration;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToLongFunction;

/**
 * When an adapter looks for idle calls in progress, and which of them is idle or least recently
 * active: the bookkeeping of a tracker that keeps a framework's calls in progress, closes one whose
 * end never comes once it has shown no activity for {@code expiry}, and closes the least recently
 * active one when too many are open. The tracker keeps the calls, their last activity and the
 * bound; this class only decides. Times are {@link System#nanoTime()} values (or a test clock's)
 * passed in by the caller, so it reads no clock itself and needs no thread of its own: a tracker
 * asks {@link #sweepDue} when a call starts and sweeps when told to.
 *
 * <pre>{@code
 * void started(Call call) {
 *     long now = System.nanoTime();
 *     if (expiry.sweepDue(now)) {
 *         expireIdle();
 *     }
 *     ...
 * }
 *
 * void expireIdle() {
 *     long now = System.nanoTime();
 *     expiry.swept(now);
 *     for (Call c : open) {
 *         if (expiry.isIdle(c.lastActivityNanos(), now) && open.remove(c)) { ... close it as failed ... }
 *     }
 * }
 * }</pre>
 *
 * <p>Thread-safe: any number of threads may call any method at once. Of the threads that find a
 * sweep due, exactly one is told so per period.
 */
public final class IdleExpiry {
    private final long expiryNanos;
    /** Sweeps are this far apart: a quarter of the expiry, at least one nanosecond. */
    private final long periodNanos;

    private final AtomicLong nextSweepNanos;

    /**
     * Calls idle for longer than {@code expiry} are expired; the first sweep is due a quarter of
     * {@code expiry} after {@code nowNanos}, each next one a quarter of it after the last.
     *
     * @throws IllegalArgumentException if {@code expiry} is zero or negative
     * @throws ArithmeticException if {@code expiry} does not fit in a {@code long} of nanoseconds
     *     (about 292 years)
     */
    public IdleExpiry(Duration expiry, long nowNanos) {
        Objects.requireNonNull(expiry, "expiry");
        if (expiry.isZero() || expiry.isNegative()) {
            throw new IllegalArgumentException("expiry must be positive, was " + expiry);
        }
        this.expiryNanos = expiry.toNanos();
        this.periodNanos = Math.max(expiryNanos / 4, 1);
        this.nextSweepNanos = new AtomicLong(nowNanos + expiryNanos / 4);
    }

    /**
     * Whether the caller should sweep now: true once the period since the last sweep (or since
     * construction) has passed, and then for exactly one caller, which owns that sweep; the next
     * one is then due a period after {@code nowNanos}. Cheap enough for every call start: one
     * volatile read while no sweep is due.
     */
    public boolean sweepDue(long nowNanos) {
        long due = nextSweepNanos.get();
        // Compared by difference: nanoTime may wrap around. The compare-and-set lets one thread of
        // those that saw this same "due" move it on, so two threads starting calls at once never
        // both sweep the same period.
        return nowNanos - due >= 0 && nextSweepNanos.compareAndSet(due, nowNanos + periodNanos);
    }

    /** A sweep ran at {@code nowNanos} (an explicit one too): the next is due a period after it. */
    public void swept(long nowNanos) {
        nextSweepNanos.set(nowNanos + periodNanos);
    }

    /** Whether a call last active at {@code lastActivityNanos} has been idle for longer than the expiry. */
    public boolean isIdle(long lastActivityNanos, long nowNanos) {
        return nowNanos - lastActivityNanos > expiryNanos; // by difference: wrap-safe
    }

    /**
     * The item of {@code items} with the oldest {@code lastActivityNanos}, the first in iteration
     * order of those equally old; null when there is none. Safe across a wrap-around of
     * {@code nanoTime}: values are compared by their difference, so it holds while all are within
     * about 292 years of each other.
     */
    public static <T> T leastRecentlyActive(Iterable<? extends T> items, ToLongFunction<? super T> lastActivityNanos) {
        T oldest = null;
        long oldestNanos = 0;
        for (T item : items) {
            long nanos = lastActivityNanos.applyAsLong(item);
            // a - b < 0, not a < b: after Long.MAX_VALUE, nanoTime goes on at Long.MIN_VALUE.
            if (oldest == null || nanos - oldestNanos < 0) {
                oldest = item;
                oldestNanos = nanos;
            }
        }
        return oldest;
    }
}
