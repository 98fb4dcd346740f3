package ai.oceum.langchain4j.agentic;

import dev.langchain4j.agentic.agent.AgentInvocationException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.UndeclaredThrowableException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** What a failure is reported as: the exception that caused it, not the framework's wrappers. */
final class Failures {
    /** Wrappers are peeled at most this deep (a cause cycle must not loop). */
    private static final int MAX_DEPTH = 32;

    private Failures() {}

    /**
     * The cause behind LangChain4j's wrappers: each workflow level wraps a sub-agent's failure in
     * a new {@link AgentInvocationException} (and parallel branches add an
     * {@link ExecutionException}), while the exception inside is the same object at every level.
     * Only wrappers are peeled: a model's exception keeps its own causes.
     */
    static Throwable cause(Throwable error) {
        Throwable t = error;
        for (int i = 0; i < MAX_DEPTH && t != null && isWrapper(t) && t.getCause() != null && t.getCause() != t; i++) {
            t = t.getCause();
        }
        return t == null ? new IllegalStateException("agent failed without an exception") : t;
    }

    private static boolean isWrapper(Throwable t) {
        return t instanceof AgentInvocationException
                || t instanceof ExecutionException
                || t instanceof CompletionException
                || t instanceof InvocationTargetException
                || t instanceof UndeclaredThrowableException;
    }

    /** {@code Type: message} of {@code t}, never throwing (an application exception's getMessage may). */
    static String describe(Throwable t) {
        String message;
        try {
            message = t.getMessage();
        } catch (RuntimeException broken) {
            message = null;
        }
        return message == null ? t.getClass().getName() : t.getClass().getName() + ": " + message;
    }
}
