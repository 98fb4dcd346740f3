package ai.oceum.langchain4j;

/**
 * The adapter's own problems: logged at WARN under {@code ai.oceum.langchain4j}, at most once a
 * minute per kind (the core's {@link ai.oceum.integration.Diagnostics}), so that a listener bug
 * never floods the host's logs nor reaches LangChain4j. Thread-safe.
 */
final class Diagnostics {
    private static final ai.oceum.integration.Diagnostics LOG =
            ai.oceum.integration.Diagnostics.forLogger("ai.oceum.langchain4j");

    private Diagnostics() {}

    /** Records a listener failure; rethrows only a failing JVM (out of memory and the like). */
    static void listenerFailed(String where, Throwable t) {
        LOG.ignored("Oceum LangChain4j listener", where, t);
    }

    /** Logs a warning of the given kind, throttled. */
    static void warn(String kind, String message) {
        LOG.warn(kind, message);
    }
}
