package ai.oceum;

import ai.oceum.internal.event.Payload;
import ai.oceum.internal.util.Fatal;
import java.util.Map;
import java.util.function.Supplier;

/**
 * An {@code error} whose {@link ErrorReport} is built by a supplier when the event's body is
 * written: on the sender thread, or on the caller's when the event goes to the spool. The task
 * was captured on the caller's thread; the report's own time and task are ignored (the event's
 * time and task were fixed at the call). A supplier that fails or returns null makes
 * {@link #toData()} throw, and the delivery drops the event as rejected, counted and warned about.
 *
 * <p>Immutable; {@link #toData()} runs once, on one thread.
 */
final class DeferredErrorPayload implements Payload {
    private final Supplier<? extends ErrorReport> report;
    private final TaskScope task;

    DeferredErrorPayload(Supplier<? extends ErrorReport> report, TaskScope task) {
        this.report = report;
        this.task = task;
    }

    @Override
    public Map<String, Object> toData() {
        ErrorReport r;
        try {
            r = report.get();
        } catch (Throwable t) {
            Fatal.rethrowIfFatal(t);
            throw new IllegalStateException("the deferred error report could not be built: " + t, t);
        }
        if (r == null) {
            throw new IllegalStateException("the deferred error report's supplier returned null");
        }
        return Payloads.error(r, task).toData();
    }

    @Override
    public String taskId() {
        return task == null ? null : task.id();
    }

    @Override
    public String parentTaskId() {
        return task == null ? null : task.ref().parentId();
    }
}
