package ai.oceum.logback;

import ch.qos.logback.classic.spi.ILoggingEvent;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Collapses repeats of one error: the first occurrence of a {@link FloodKey} opens a window and
 * is sent at once; repeats inside the window are only counted; when the window closes (seen by
 * the next repeat, by {@link #sweep()} on a timer, or by {@link #closeAll()} at stop) one
 * {@link Summary} carries the count. No count is lost: a window is closed exactly once, and a
 * repeat that races with the closing either lands in the summary or opens the next window.
 *
 * <p>Thread-safe; the hot path is a map lookup and a CAS, no lock. At most {@code maxKeys} windows
 * are open at once; errors beyond that are sent unchanged and counted as untracked (the timer
 * removes expired windows, so the map only holds errors seen within the last window).
 */
final class FloodGate {
    private static final long CLOSED = Long.MIN_VALUE;

    private final long windowNanos;
    private final long windowMillis;
    private final int maxKeys;
    private final Consumer<Summary> summaries;
    private final LongSupplier nanoClock;
    private final Map<FloodKey, Window> windows = new ConcurrentHashMap<>();
    private final LongAdder suppressed = new LongAdder();
    private final LongAdder summariesMade = new LongAdder();
    private final LongAdder untracked = new LongAdder();
    private volatile boolean closed;

    /**
     * @param windowNanos how long repeats are collapsed after a first occurrence
     * @param maxKeys how many distinct errors are tracked at once
     * @param summaries receives each closed window that held back repeats (on the thread that closed it)
     * @param nanoClock a monotonic clock ({@code System::nanoTime})
     */
    FloodGate(long windowNanos, int maxKeys, Consumer<Summary> summaries, LongSupplier nanoClock) {
        this.windowNanos = windowNanos;
        this.windowMillis = Math.max(1, windowNanos / 1_000_000);
        this.maxKeys = maxKeys;
        this.summaries = summaries;
        this.nanoClock = nanoClock;
    }

    /**
     * Decides about one occurrence. Only an occurrence that opens a window has its message
     * formatted (for the window's summary): a repeat counted into a window costs a map lookup and
     * a CAS, and none of its arguments' {@code toString()}.
     *
     * @return true when it is to be sent now; false when it was counted into an open window
     */
    boolean admit(FloodKey key, ILoggingEvent event) {
        // The event's own time decides whether its window is over: Logback read the clock already,
        // and a repeat then costs no clock read. The timer's sweep goes by the monotonic clock, so
        // a wall clock set back cannot keep a window open.
        long eventMillis = event.getTimeStamp();
        while (true) {
            Window w = windows.get(key);
            if (w == null) {
                if (closed) {
                    return true;
                }
                if (windows.size() >= maxKeys) {
                    untracked.increment();
                    return true;
                }
                Window opened = new Window(
                        nanoClock.getAsLong(),
                        eventMillis,
                        event.getFormattedMessage(),
                        event.getLevel().toString());
                if (windows.putIfAbsent(key, opened) == null) {
                    return true;
                }
            } else if (eventMillis - w.startMillis >= windowMillis) {
                close(key, w);
            } else if (w.count(eventMillis)) {
                suppressed.increment();
                return false;
            }
            // Lost a race (window closed or created meanwhile): decide again on the new state.
        }
    }

    /** Closes every window older than the window length; the timer calls it. */
    void sweep() {
        long now = nanoClock.getAsLong();
        windows.forEach((key, w) -> {
            if (now - w.startNanos >= windowNanos) {
                close(key, w);
            }
        });
    }

    /** Closes every window now, emitting their counts; later occurrences pass untouched. */
    void closeAll() {
        closed = true;
        windows.forEach(this::close);
    }

    private void close(FloodKey key, Window w) {
        windows.remove(key, w);
        long count = w.close();
        if (count > 0) {
            summariesMade.increment();
            long last = (long) Window.LAST_MILLIS.getVolatile(w);
            long first = w.firstMillis != 0 ? w.firstMillis : last;
            summaries.accept(new Summary(key, w.message, w.level, count, first, last, windowNanos / 1_000_000));
        }
    }

    /** Occurrences counted into a window instead of being sent. */
    long suppressed() {
        return suppressed.sum();
    }

    /** Summaries emitted for closed windows. */
    long summaries() {
        return summariesMade.sum();
    }

    /** Occurrences sent unchanged because {@code maxKeys} windows were open. */
    long untracked() {
        return untracked.sum();
    }

    /** Windows open now. */
    int openWindows() {
        return windows.size();
    }

    /** One error's window; its count becomes {@link #CLOSED} exactly once. */
    private static final class Window {
        /** Release-stores {@link #lastMillis}: on every repeat, so no fence; read once, at close. */
        static final VarHandle LAST_MILLIS;

        static {
            try {
                LAST_MILLIS = MethodHandles.lookup().findVarHandle(Window.class, "lastMillis", long.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        final long startNanos;
        final long startMillis;
        final String message;
        final String level;
        final AtomicLong count = new AtomicLong();
        // Approximate under concurrency (last writer wins); only informative.
        volatile long firstMillis;

        @SuppressWarnings("UnusedVariable") // written and read through LAST_MILLIS
        long lastMillis;

        Window(long startNanos, long startMillis, String message, String level) {
            this.startNanos = startNanos;
            this.startMillis = startMillis;
            this.message = message;
            this.level = level;
        }

        /** Counts a repeat; false when the window was closed meanwhile. */
        boolean count(long eventMillis) {
            while (true) {
                long c = count.get();
                if (c == CLOSED) {
                    return false;
                }
                if (count.compareAndSet(c, c + 1)) {
                    if (c == 0) {
                        firstMillis = eventMillis;
                    }
                    LAST_MILLIS.setRelease(this, eventMillis);
                    return true;
                }
            }
        }

        /** The repeats counted, or -1 when another thread closed it first. */
        long close() {
            long c = count.getAndSet(CLOSED);
            return c == CLOSED ? -1 : c;
        }
    }

    /**
     * A closed window that held back repeats.
     *
     * @param key the error
     * @param message the formatted message of the occurrence that was sent
     * @param level the level of that occurrence
     * @param suppressed how many repeats were counted, not sent
     * @param firstMillis when the first repeat was logged (epoch millis)
     * @param lastMillis when the last repeat was logged (epoch millis, approximate under concurrency)
     * @param windowMillis the window length
     */
    record Summary(
            FloodKey key,
            String message,
            String level,
            long suppressed,
            long firstMillis,
            long lastMillis,
            long windowMillis) {}
}
