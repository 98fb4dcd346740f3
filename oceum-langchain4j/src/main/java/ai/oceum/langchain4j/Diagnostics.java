package ai.oceum.langchain4j;

import ai.oceum.internal.util.Fatal;
import ai.oceum.internal.util.ThrottledLogger;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;

/**
 * The adapter's own problems: logged at WARN under {@code ai.oceum.langchain4j}, at most once a
 * minute per kind, so that a listener bug never floods the host's logs nor reaches LangChain4j.
 */
final class Diagnostics {
    private static final ThrottledLogger LOG =
            new ThrottledLogger(LoggerFactory.getLogger("ai.oceum.langchain4j"), 1, TimeUnit.MINUTES);

    private Diagnostics() {
    }

    /** Records a listener failure; rethrows only a failing JVM (out of memory and the like). */
    static void listenerFailed(String where, Throwable t) {
        Fatal.rethrowIfFatal(t);
        LOG.warn(where, "Oceum LangChain4j listener failed in " + where + " and ignored it: " + t);
    }

    /** Logs a warning of the given kind, throttled. */
    static void warn(String kind, String message) {
        LOG.warn(kind, message);
    }
}
