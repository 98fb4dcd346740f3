package ai.oceum.internal.delivery;

import ai.oceum.DropReason;
import ai.oceum.OceumException;

/**
 * The failure of a refused event. It runs on the caller's thread, and when Oceum is down or slow
 * every call takes this path: filling in a stack trace would cost several times the call itself
 * (see docs/benchmarks.md), and the trace would only show the telemetry call.
 */
final class DroppedException extends OceumException {
    private static final long serialVersionUID = 1L;

    DroppedException(String message, DropReason reason) {
        super(message, 0, "", reason, null);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
