package ai.oceum.internal.util;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Makes the SDK's own threads: daemon (they never keep a JVM alive), named {@code oceum-…}, and
 * recognisable, so that log appenders can refuse to report what the SDK itself logs from them.
 */
public final class ReporterThreads {
    /** Every SDK thread name starts with this. */
    public static final String PREFIX = "oceum-";

    private static final ThreadLocal<Boolean> MARK = new ThreadLocal<>();

    private ReporterThreads() {}

    /** A factory of daemon threads named {@code oceum-<role>-<agent>-<n>}. */
    public static ThreadFactory factory(String role, String agentId) {
        AtomicInteger n = new AtomicInteger();
        String base = PREFIX + role + "-" + agentId + "-";
        return runnable -> {
            Thread t = new Thread(
                    () -> {
                        MARK.set(Boolean.TRUE);
                        runnable.run();
                    },
                    base + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** Whether the calling thread is one of the SDK's. */
    public static boolean isReporterThread() {
        return MARK.get() != null;
    }
}
