package ai.oceum.internal.event;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code task_complete} of a task scope: the task fields, {@code durationMs},
 * {@code usageTotals?} and {@code meta?} (the task's metadata and attributes).
 *
 * @param task the task
 * @param durationMs how long it ran
 * @param totals its usage totals, or null when it reported none
 * @param meta a copy of its metadata and attributes, or null
 */
public record TaskEndPayload(TaskRef task, long durationMs, UsageTotals totals, Map<String, Object> meta)
        implements Payload {
    @Override
    public Map<String, Object> toData() {
        Map<String, Object> data = new LinkedHashMap<>(8);
        TaskRef.put(data, task);
        data.put("durationMs", durationMs);
        if (totals != null) {
            data.put("usageTotals", totals.toData());
        }
        TaskRef.putMeta(data, meta);
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
}
