package ai.oceum.internal.util;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * Logs a warning at most once per interval per key, and says how many were suppressed since the
 * last one: an SDK that logs one line per dropped event would itself flood the host's logs.
 */
public final class ThrottledLogger {
    private final Logger logger;
    private final long intervalNanos;
    private final ConcurrentHashMap<String, Slot> slots = new ConcurrentHashMap<>();

    public ThrottledLogger(Logger logger, long interval, TimeUnit unit) {
        this.logger = logger;
        this.intervalNanos = unit.toNanos(interval);
    }

    /** Logs {@code message} at WARN unless a warning with this key was logged within the interval. */
    public void warn(String key, String message) {
        Slot slot = slots.computeIfAbsent(key, k -> new Slot());
        long now = System.nanoTime();
        long last = slot.lastNanos.get();
        if ((last == 0 || now - last >= intervalNanos) && slot.lastNanos.compareAndSet(last, now == 0 ? 1 : now)) {
            long suppressed = slot.suppressed.getAndSet(0);
            if (logger.isWarnEnabled()) {
                logger.warn(suppressed == 0 ? message : message + " (" + suppressed + " similar warnings suppressed)");
            }
        } else {
            slot.suppressed.incrementAndGet();
        }
    }

    /** Forgets a key, so that its next warning is logged at once (used when a problem clears). */
    public void reset(String key) {
        slots.remove(key);
    }

    private static final class Slot {
        final AtomicLong lastNanos = new AtomicLong();
        final AtomicLong suppressed = new AtomicLong();
    }
}
