package ai.oceum.internal.event;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The end of a task that failed, sent as an {@code error} instead of {@code task_complete}:
 * {@code message}, the task fields, {@code taskStatus: "failed"}, {@code durationMs},
 * {@code usageTotals?}, {@code meta?}, then the exception's fields (rendered on the sender thread).
 *
 * @param message the failure's message (resolved on the caller's thread)
 * @param failure what the task failed with
 * @param task the task
 * @param durationMs how long it ran
 * @param totals its usage totals, or null when it reported none
 * @param meta a copy of its metadata and attributes, or null
 */
public record TaskFailedPayload(
        String message, Throwable failure, TaskRef task, long durationMs, UsageTotals totals, Map<String, Object> meta)
        implements Payload {
    /** The value of {@code taskStatus} for a task that ended in failure. */
    public static final String FAILED = "failed";

    @Override
    public Map<String, Object> toData() {
        Map<String, Object> data = new LinkedHashMap<>(16);
        data.put("message", message);
        TaskRef.put(data, task);
        data.put("taskStatus", FAILED);
        data.put("durationMs", durationMs);
        if (totals != null) {
            data.put("usageTotals", totals.toData());
        }
        TaskRef.putMeta(data, meta);
        ErrorPayload.appendThrowable(data, failure);
        return data;
    }

    @Override
    public String taskId() {
        return task.id();
    }

    @Override
    public String parentTaskId() {
        return task.parentId();
    }

    @Override
    public String taskStatus() {
        return FAILED;
    }
}
