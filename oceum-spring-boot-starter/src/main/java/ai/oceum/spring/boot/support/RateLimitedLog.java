package ai.oceum.spring.boot.support;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs a warning at most once a minute per key, with the number suppressed since: a hook that
 * warned on every call would flood the application's log. Thread-safe.
 *
 * <p>Replace with the integration package of issue #13 (rate-limited diagnostics) once it exists.
 */
// Replace with the integration package of issue #13
public final class RateLimitedLog {
    private static final long INTERVAL = TimeUnit.MINUTES.toNanos(1);

    private final Logger logger;
    private final ConcurrentHashMap<String, AtomicLong[]> slots = new ConcurrentHashMap<>();

    /** A log writing to the logger {@code name} (under {@code ai.oceum}, which the appender never sends). */
    public RateLimitedLog(String name) {
        this.logger = LoggerFactory.getLogger(name);
    }

    /** Logs {@code message} at WARN unless {@code key} was logged within the last minute. */
    public void warn(String key, String message) {
        AtomicLong[] slot = slots.computeIfAbsent(key, k -> new AtomicLong[] {new AtomicLong(), new AtomicLong()});
        long now = System.nanoTime();
        long last = slot[0].get();
        if ((last == 0 || now - last >= INTERVAL) && slot[0].compareAndSet(last, now == 0 ? 1 : now)) {
            long suppressed = slot[1].getAndSet(0);
            logger.warn(suppressed == 0 ? message : message + " (" + suppressed + " similar warnings suppressed)");
        } else {
            slot[1].incrementAndGet();
        }
    }
}
