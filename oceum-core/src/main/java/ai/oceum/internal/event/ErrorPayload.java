package ai.oceum.internal.event;

import ai.oceum.internal.json.Throwables;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An {@code error} event: {@code message}, {@code meta?}, the task fields, then the exception's
 * fields ({@code type}, {@code stackTrace}, {@code causes?}, {@code suppressed?}), which are
 * rendered only here, on the sender thread: printing a stack trace is too slow for the caller.
 *
 * @param message the message (already resolved on the caller's thread: never null)
 * @param throwable the exception, or null
 * @param meta a copy of the metadata, or null
 * @param task the task it belongs to, or null
 */
public record ErrorPayload(String message, Throwable throwable, Map<String, Object> meta, TaskRef task)
        implements Payload {
    @Override
    public Map<String, Object> toData() {
        Map<String, Object> data = new LinkedHashMap<>(12);
        data.put("message", message);
        TaskRef.putMeta(data, meta);
        TaskRef.put(data, task);
        appendThrowable(data, throwable);
        return data;
    }

    @Override
    public String taskId() {
        return task == null ? null : task.id();
    }

    @Override
    public String parentTaskId() {
        return task == null ? null : task.parentId();
    }

    /** Adds the exception's fields after the others; only its type when rendering it fails. */
    static void appendThrowable(Map<String, Object> data, Throwable throwable) {
        if (throwable == null) {
            return;
        }
        try {
            Throwables.describe(throwable, data);
        } catch (RuntimeException | StackOverflowError e) {
            data.put("type", throwable.getClass().getName());
        }
    }
}
