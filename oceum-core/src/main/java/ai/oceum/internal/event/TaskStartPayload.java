package ai.oceum.internal.event;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code task_start} of a task scope: the task fields and {@code meta?}.
 *
 * @param task the task
 * @param meta a copy of the task's metadata, or null
 */
public record TaskStartPayload(TaskRef task, Map<String, Object> meta) implements Payload {
    @Override
    public Map<String, Object> toData() {
        Map<String, Object> data = new LinkedHashMap<>(6);
        TaskRef.put(data, task);
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
