package ai.oceum.internal.transport;

/**
 * Oceum's answer to one request, as the sender and the synchronous calls read it: the status,
 * the body, and the {@code Retry-After} header (null when absent), nothing of the HTTP client's
 * own types, so that delivery can be tested without one.
 *
 * @param status the HTTP status
 * @param body the body as text (empty, never null)
 * @param retryAfter the {@code Retry-After} header's value, or null
 */
public record Answer(int status, String body, String retryAfter) {
    /** Normalises a null body to empty. */
    public Answer {
        body = body == null ? "" : body;
    }
}
