package ai.oceum.internal.transport;

import java.io.IOException;

/**
 * A request that was not answered because the client was closed first: not a problem of the
 * receiver, and never retried.
 */
public final class AbortedException extends IOException {
    private static final long serialVersionUID = 1L;

    /** The one message: the client's own close. */
    public AbortedException() {
        super("aborted: the client was closed before Oceum answered", null);
    }
}
