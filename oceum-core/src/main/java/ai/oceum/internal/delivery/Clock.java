package ai.oceum.internal.delivery;

import java.util.concurrent.TimeUnit;

/**
 * Time as delivery sees it: the monotonic clock that pauses, backoffs and probes are measured on,
 * the wall clock that an HTTP-date {@code Retry-After} is read against, and the sleeps of the
 * waits. The system's in production; tests drive the state machines with a fake one.
 *
 * <p>Implementations are thread-safe.
 */
public interface Clock {
    /** The system clock: {@link System#nanoTime()}, {@link System#currentTimeMillis()}, real sleeps. */
    Clock SYSTEM = new Clock() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public long currentTimeMillis() {
            return System.currentTimeMillis();
        }

        @Override
        public void sleepNanos(long nanos) throws InterruptedException {
            TimeUnit.NANOSECONDS.sleep(nanos);
        }
    };

    /** Monotonic time for intervals, as {@link System#nanoTime()}. */
    long nanoTime();

    /** Wall-clock time, as {@link System#currentTimeMillis()}. */
    long currentTimeMillis();

    /** Waits about {@code nanos} (the calling thread rests). */
    void sleepNanos(long nanos) throws InterruptedException;
}
