package ai.oceum;

import ai.oceum.internal.event.EndMeta;
import ai.oceum.internal.event.ErrorPayload;
import ai.oceum.internal.event.MemoryPayload;
import ai.oceum.internal.event.Payload;
import ai.oceum.internal.event.PlainTaskPayload;
import ai.oceum.internal.event.TaskEndPayload;
import ai.oceum.internal.event.TaskFailedPayload;
import ai.oceum.internal.event.TaskStartPayload;
import ai.oceum.internal.event.UsagePayload;
import ai.oceum.internal.event.UsageTotals;
import ai.oceum.internal.json.MetaCopy;
import ai.oceum.memory.MemoryWrite;
import java.util.Map;

/**
 * Turns the public values of a telemetry call (a name, an {@link ErrorReport}, a {@link Usage},
 * a {@link TaskScope}) into the typed payload of its event. Runs on the caller's thread, so it
 * only copies what the caller may change afterwards and reads what is at hand; the rest (an
 * exception's stack trace, the JSON) is done later, on the sender thread. Metadata is copied once
 * per event at most: an {@code ErrorReport}, {@code Usage}, {@code MemoryWrite} or
 * {@code TaskScope} already holds an unmodifiable copy of its own, which is shared as it is; only
 * a map passed straight to a call ({@link #plainTask}) is copied here. Stateless.
 */
final class Payloads {
    /** The name of a task given none. */
    static final String UNNAMED_TASK = "unnamed-task";

    private Payloads() {}

    /** A name, or {@value #UNNAMED_TASK} for null or blank. */
    static String nameOrDefault(String name) {
        return name == null || name.isBlank() ? UNNAMED_TASK : name;
    }

    /** The reference SDK's plain {@code task_start}/{@code task_complete}, made inside {@code enclosing} (or none). */
    static Payload plainTask(String taskName, Map<String, ?> meta, TaskScope enclosing) {
        return new PlainTaskPayload(nameOrDefault(taskName), copied(meta), enclosing == null ? null : enclosing.id());
    }

    /** The start of a task scope. */
    static Payload taskStart(TaskScope scope) {
        return new TaskStartPayload(scope.ref(), shared(scope.meta()));
    }

    /** The end of a task scope: {@code task_complete}, or an {@code error} for a failed one. */
    static Payload taskEnd(TaskScope scope) {
        Map<String, Object> meta = scope.meta();
        if (scope.hasAttributes()) {
            // Merged on the sender thread: the closed scope takes no more attributes.
            meta = new EndMeta(meta, scope.closedAttributes());
        }
        long durationMs = scope.elapsed().toMillis();
        UsageTotals totals = scope.usageCalls() > 0
                ? new UsageTotals(scope.tokensInput(), scope.tokensOutput(), scope.usageCalls())
                : null;
        Throwable failure = scope.failure();
        if (failure == null) {
            return new TaskEndPayload(scope.ref(), durationMs, totals, shared(meta));
        }
        return new TaskFailedPayload(messageOf(failure), failure, scope.ref(), durationMs, totals, shared(meta));
    }

    /** An {@code error}: the report's message (else the throwable's, else "error") tied to {@code task}. */
    static Payload error(ErrorReport report, TaskScope task) {
        String m = report.message();
        Throwable throwable = report.throwable();
        if (m == null && throwable != null) {
            m = messageOf(throwable);
        }
        return new ErrorPayload(
                m == null ? "error" : m, throwable, shared(report.meta()), task == null ? null : task.ref());
    }

    /** A {@code usage} report tied to {@code task} (or none). */
    static Payload usage(Usage u, TaskScope task) {
        return new UsagePayload(
                u.model(),
                u.tokensInput(),
                u.tokensOutput(),
                shared(u.meta()),
                u.provider(),
                u.finishReason(),
                u.duration() == null ? null : u.duration().toMillis(),
                u.reported(),
                task == null ? null : task.ref());
    }

    /** A shared-memory write, tied to {@code task} (or none). */
    static Payload memory(String content, MemoryWrite options, TaskScope task) {
        MemoryWrite o = options == null ? MemoryWrite.none() : options;
        return new MemoryPayload(
                content == null ? "" : content, o.tags(), shared(o.meta()), task == null ? null : task.ref());
    }

    /** A shallow copy of metadata (the caller may change its map after the call returns), or null when empty. */
    private static Map<String, Object> copied(Map<String, ?> meta) {
        Map<String, Object> copy = MetaCopy.of(meta); // a broken map is caught there, never thrown
        return copy == null || copy.isEmpty() ? null : copy;
    }

    /** Metadata that is already an unmodifiable copy of its own, or null when empty. */
    private static Map<String, Object> shared(Map<String, Object> meta) {
        return meta == null || meta.isEmpty() ? null : meta;
    }

    /** The throwable's message, else its class name; its class name too when getMessage() throws. */
    private static String messageOf(Throwable throwable) {
        try {
            String m = throwable.getMessage();
            return m != null ? m : throwable.getClass().getName();
        } catch (RuntimeException brokenGetMessage) {
            // Runs on the caller's thread: an application exception's own bug must not lose the event.
            return throwable.getClass().getName();
        }
    }
}
