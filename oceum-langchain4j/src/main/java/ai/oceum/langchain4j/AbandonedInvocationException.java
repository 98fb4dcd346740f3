package ai.oceum.langchain4j;

/**
 * The failure recorded for an AI-service invocation whose end LangChain4j never reported (it was
 * ended by a {@link Error}, or a stream was never finished) once its state expired. It is never
 * thrown: it only describes the task in the {@code error} event.
 *
 * <p>Its fields are set at construction: safe to read from any thread.
 */
public final class AbandonedInvocationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    AbandonedInvocationException(String message) {
        super(message, null, false, false);
    }
}
