package ai.oceum.internal.event;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@code memory} write: {@code content}, {@code tags?}, {@code meta?}, and the task fields when
 * written inside a task.
 *
 * @param content the content (never null)
 * @param tags the tags (immutable, possibly empty)
 * @param meta a copy of the metadata, or null
 * @param task the task, or null
 */
public record MemoryPayload(String content, List<String> tags, Map<String, Object> meta, TaskRef task)
        implements Payload {
    @Override
    public Map<String, Object> toData() {
        Map<String, Object> data = new LinkedHashMap<>(4);
        data.put("content", content);
        if (!tags.isEmpty()) {
            data.put("tags", tags);
        }
        TaskRef.putMeta(data, meta);
        TaskRef.put(data, task);
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
}
