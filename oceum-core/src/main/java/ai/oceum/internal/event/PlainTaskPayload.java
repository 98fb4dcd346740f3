package ai.oceum.internal.event;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The reference SDK's plain {@code task_start} / {@code task_complete}: {@code taskName},
 * {@code meta?}, and {@code parentTaskId} when made inside an open task. The open task is sent
 * as the parent, never as this event's own task (that would report the enclosing task's
 * completion under the wrong name).
 *
 * @param taskName the name given
 * @param meta a copy of the metadata, or null
 * @param enclosingTaskId the id of the task open on the calling thread, or null
 */
public record PlainTaskPayload(String taskName, Map<String, Object> meta, String enclosingTaskId) implements Payload {
    @Override
    public Map<String, Object> toData() {
        Map<String, Object> data = new LinkedHashMap<>(4);
        data.put("taskName", taskName);
        TaskRef.putMeta(data, meta);
        if (enclosingTaskId != null) {
            data.put("parentTaskId", enclosingTaskId);
        }
        return data;
    }

    @Override
    public String parentTaskId() {
        return enclosingTaskId;
    }
}
