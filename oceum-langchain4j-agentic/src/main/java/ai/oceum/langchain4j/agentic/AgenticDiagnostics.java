package ai.oceum.langchain4j.agentic;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

// Replace with the integration package of issue #13 (rate-limited diagnostics shared by the adapters).
/**
 * The adapter's own problems: logged at WARN under {@code ai.oceum.langchain4j.agentic}, at most
 * once a minute per kind (with a count of the suppressed ones), so that a listener bug never
 * floods the host's logs nor reaches LangChain4j. Thread-safe.
 */
final class AgenticDiagnostics {
    private static final Logger LOG = LoggerFactory.getLogger("ai.oceum.langchain4j.agentic");
    private static final long INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);
    private static final ConcurrentHashMap<String, Slot> SLOTS = new ConcurrentHashMap<>();

    private AgenticDiagnostics() {
    }

    /** Records a callback's failure; rethrows only a failing JVM (out of memory and the like). */
    static void callbackFailed(String where, Throwable t) {
        if (t instanceof VirtualMachineError vme && !(t instanceof StackOverflowError)) {
            throw vme;
        }
        warn(where, "Oceum agentic listener failed in " + where + " and ignored it: " + t);
    }

    /** Logs {@code message} at WARN unless a warning of this kind was logged within the last minute. */
    static void warn(String kind, String message) {
        Slot slot = SLOTS.computeIfAbsent(kind, k -> new Slot());
        long now = System.nanoTime();
        long last = slot.lastNanos.get();
        if ((last == 0 || now - last >= INTERVAL_NANOS) && slot.lastNanos.compareAndSet(last, now == 0 ? 1 : now)) {
            long suppressed = slot.suppressed.getAndSet(0);
            LOG.warn(suppressed == 0 ? message : message + " (" + suppressed + " similar warnings suppressed)");
        } else {
            slot.suppressed.incrementAndGet();
        }
    }

    private static final class Slot {
        final AtomicLong lastNanos = new AtomicLong();
        final AtomicLong suppressed = new AtomicLong();
    }
}
