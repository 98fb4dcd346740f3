package ai.oceum.springai;

/**
 * The handler's own problems: logged at WARN under {@code ai.oceum.springai}, at most once a
 * minute per kind with a count of those left out (the core's
 * {@link ai.oceum.integration.Diagnostics}), so that a handler bug never floods the host's logs
 * nor reaches Spring AI. Each handler has its own; {@link #SHARED} serves the rest. Thread-safe.
 */
final class Diagnostics {
    /** For what has no handler at hand (the tool-exception processor). */
    static final Diagnostics SHARED = new Diagnostics();

    private final ai.oceum.integration.Diagnostics log =
            ai.oceum.integration.Diagnostics.forLogger("ai.oceum.springai");

    /** Records a failure of the handler's own; rethrows only a failing JVM (out of memory and the like). */
    void handlerFailed(String where, Throwable t) {
        log.ignored("Oceum Spring AI handler", where, t);
    }

    /** Logs a warning of the given kind, at most once a minute per kind. */
    void warn(String kind, String message) {
        log.warn(kind, message);
    }
}
