package ai.oceum.internal.event;

import java.util.Map;

/**
 * The task fields an event carries: {@code taskName}, {@code taskId} and, for a child task,
 * {@code parentTaskId}. Made once per task and shared by its events.
 *
 * @param name the task's name
 * @param id the task's id
 * @param parentId the enclosing task's id, or null for a top-level task
 */
public record TaskRef(String name, String id, String parentId) {
    /** Adds the task fields to {@code data}; nothing for a null task. */
    static void put(Map<String, Object> data, TaskRef task) {
        if (task != null) {
            data.put("taskName", task.name);
            data.put("taskId", task.id);
            if (task.parentId != null) {
                data.put("parentTaskId", task.parentId);
            }
        }
    }

    /** Adds {@code meta} to {@code data} unless it is null or empty. */
    static void putMeta(Map<String, Object> data, Map<String, Object> meta) {
        if (meta != null && !meta.isEmpty()) {
            data.put("meta", meta);
        }
    }
}
