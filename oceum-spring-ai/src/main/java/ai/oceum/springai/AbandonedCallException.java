package ai.oceum.springai;

/**
 * The failure recorded for a {@code ChatClient} call whose end Spring AI never reported (a stream
 * that nobody finished or cancelled) once its state expired, or that was evicted because too many
 * calls were in progress. It is never thrown: it only describes the task in the {@code error} event.
 *
 * <p>Its fields are set at construction: safe to read from any thread.
 */
public final class AbandonedCallException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    AbandonedCallException(String message) {
        super(message, null, false, false);
    }
}
