package ai.oceum;

/**
 * A call to Oceum that did not succeed: the platform answered with an error status, the request
 * could not be delivered, or the event was dropped before it was sent.
 *
 * <p>Request/response calls ({@code readMemory}, the vault calls) throw it. Telemetry calls never
 * throw; their futures complete exceptionally with it instead, and {@link #reason()} tells why.
 *
 * <p>The message never contains the API key or vault data; {@link #body()} is the platform's
 * answer as received, which by protocol never echoes the key.
 *
 * <p>Its fields are set at construction and never change: safe to read from any thread.
 */
public class OceumException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int statusCode;
    private final String body;
    private final DropReason reason;

    /**
     * @param message what went wrong, free of secrets
     * @param statusCode HTTP status of the platform's answer, or 0 when there was none
     * @param body the platform's answer body, or an empty string
     * @param reason why the event was not delivered, or {@code null} for request/response calls
     * @param cause the underlying exception, if any
     */
    public OceumException(String message, int statusCode, String body, DropReason reason, Throwable cause) {
        super(message, cause);
        this.statusCode = statusCode;
        this.body = body == null ? "" : body;
        this.reason = reason;
    }

    /** An exception with only a message (status 0, no body, no reason). */
    public OceumException(String message) {
        this(message, 0, "", null, null);
    }

    /** HTTP status code of the platform's answer; 0 when no answer was received. */
    public int statusCode() {
        return statusCode;
    }

    /** The platform's answer body as received; empty when there was none. */
    public String body() {
        return body;
    }

    /** Why a telemetry event was not delivered; {@code null} for request/response calls. */
    public DropReason reason() {
        return reason;
    }
}
