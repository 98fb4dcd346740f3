package ai.oceum;

/**
 * Why a telemetry event was not delivered. Every event the client accepts is either delivered,
 * still queued, retried, spooled, or counted under exactly one of these reasons in
 * {@link OceumStats#dropped()}.
 *
 * <p>An enum: immutable and thread-safe.
 */
public enum DropReason {
    /**
     * The in-memory queue was full (Oceum slow or down for long): raise {@code queueCapacity} or set
     * a spool. With a spool: the spool could not be written (a disk error such as a full disk) and
     * memory, the fallback, was full too.
     */
    QUEUE_FULL("queue full"),
    /**
     * The spool directory was at its byte limit and the in-memory queue, the fallback, was full
     * too: raise {@code spoolMaxBytes}.
     */
    SPOOL_FULL("spool and memory queue full"),
    /** The client was closed before the event could be sent and there was no spool to keep it. */
    SHUTDOWN("client closed before sending"),
    /** Oceum answered with a final 4xx other than 401/403 (for example a malformed event). */
    REJECTED("rejected by Oceum"),
    /**
     * Oceum answered 401 or 403: the API key is wrong, revoked, or not allowed for this agent.
     * Only without a spool (or for an event that fits neither spool nor memory): with one, events
     * wait in the spool for a client with a working key.
     */
    UNAUTHORIZED("API key rejected"),
    /**
     * The event failed on every attempt (5xx, 408, 429, or network errors while Oceum answered
     * other requests) and retries ran out. Attempts that got no answer while Oceum was unreachable
     * do not count: during an outage events are held, not dropped.
     */
    RETRIES_EXHAUSTED("retries exhausted"),
    /**
     * The event's record could not be read back from the spool directory (its file was removed or
     * damaged outside the SDK); one warning names the file problem.
     */
    SPOOL_UNREADABLE("spool record unreadable");

    private final String description;

    DropReason(String description) {
        this.description = description;
    }

    /** A short human-readable description, used in the SDK's warnings. */
    public String description() {
        return description;
    }
}
