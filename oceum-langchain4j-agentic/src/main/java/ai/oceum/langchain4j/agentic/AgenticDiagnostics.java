package ai.oceum.langchain4j.agentic;

import ai.oceum.integration.Diagnostics;

/**
 * The adapter's own problems: logged at WARN under {@code ai.oceum.langchain4j.agentic}, at most
 * once a minute per kind with a count of the suppressed ones (the core's {@link Diagnostics}), so
 * that a listener bug never floods the host's logs nor reaches LangChain4j. Thread-safe.
 */
final class AgenticDiagnostics {
    private static final Diagnostics LOG = Diagnostics.forLogger("ai.oceum.langchain4j.agentic");

    private AgenticDiagnostics() {}

    /** Records a callback's failure; rethrows only a failing JVM (out of memory and the like). */
    static void callbackFailed(String where, Throwable t) {
        LOG.ignored("Oceum agentic listener", where, t);
    }

    /** Logs {@code message} at WARN unless a warning of this kind was logged within the last minute. */
    static void warn(String kind, String message) {
        LOG.warn(kind, message);
    }
}
