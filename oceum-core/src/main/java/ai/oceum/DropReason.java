package ai.oceum;

/**
 * Why a telemetry event was not delivered. Every event the client accepts is either delivered,
 * still queued, retried, spooled, or counted under exactly one of these reasons in
 * {@link OceumStats#dropped()}.
 */
public enum DropReason {
    /** The in-memory queue was full (Oceum slow or down for long): raise {@code queueCapacity} or set a spool. */
    QUEUE_FULL("queue full"),
    /** The spool directory reached its byte limit: raise {@code spoolMaxBytes}. */
    SPOOL_FULL("spool full"),
    /** The client was closed before the event could be sent and there was no spool to keep it. */
    SHUTDOWN("client closed before sending"),
    /** Oceum answered with a final 4xx other than 401/403 (for example a malformed event). */
    REJECTED("rejected by Oceum"),
    /** Oceum answered 401 or 403: the API key is wrong, revoked, or not allowed for this agent. */
    UNAUTHORIZED("API key rejected"),
    /** The event failed on every attempt (5xx, 408, 429 or network errors) and retries ran out. */
    RETRIES_EXHAUSTED("retries exhausted");

    private final String description;

    DropReason(String description) {
        this.description = description;
    }

    /** A short human-readable description, used in the SDK's warnings. */
    public String description() {
        return description;
    }
}
