package ai.oceum.springai;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

// Replace with the integration package of issue #13 (its rate-limited diagnostics).
/**
 * The handler's own problems: logged at WARN under {@code ai.oceum.springai}, at most once a
 * minute per kind (with a count of those left out), so that a handler bug never floods the host's
 * logs nor reaches Spring AI. Each handler has its own; {@link #SHARED} serves the rest.
 * Thread-safe.
 */
final class Diagnostics {
    /** For what has no handler at hand (the tool-exception processor). */
    static final Diagnostics SHARED = new Diagnostics();

    private static final Logger LOG = LoggerFactory.getLogger("ai.oceum.springai");
    private static final long INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

    /** Records a failure of the handler's own; rethrows only a failing JVM (out of memory and the like). */
    void handlerFailed(String where, Throwable t) {
        if (t instanceof VirtualMachineError e) {
            throw e;
        }
        warn("failed:" + where, "Oceum Spring AI handler failed in " + where + " and ignored it: " + t);
    }

    /** Logs a warning of the given kind, at most once a minute per kind. */
    void warn(String kind, String message) {
        Window w = windows.computeIfAbsent(kind, k -> new Window());
        long skipped = w.admit(System.nanoTime());
        if (skipped >= 0 && LOG.isWarnEnabled()) {
            LOG.warn(skipped == 0 ? message : message + " (" + skipped + " more like this in the last minute)");
        }
    }

    /** One kind's rate limit. */
    private static final class Window {
        private long openedNanos;
        private boolean open;
        private long skipped;

        /** -1 when this one is to be left out, else how many were left out since the last one logged. */
        synchronized long admit(long now) {
            if (open && now - openedNanos < INTERVAL_NANOS) {
                skipped++;
                return -1;
            }
            open = true;
            openedNanos = now;
            long s = skipped;
            skipped = 0;
            return s;
        }
    }
}
