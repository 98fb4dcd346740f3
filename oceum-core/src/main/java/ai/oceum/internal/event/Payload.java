package ai.oceum.internal.event;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The data of one telemetry event. Immutable; {@link #toData()} runs once, on the sender thread
 * (or on the caller's when the event goes straight to the spool), and never throws for the
 * values the facade puts in.
 */
public interface Payload {
    /** The payload of a heartbeat: an empty {@code data} object. */
    Payload EMPTY = LinkedHashMap::new;

    /** The wire's {@code data} object: a new mutable map the caller may extend. */
    Map<String, Object> toData();

    /** The id of the task the event belongs to, or null (see the delivery's per-task order). */
    default String taskId() {
        return null;
    }

    /** The id of the task's parent, or of the task a plain start/complete was made in; null for none. */
    default String parentTaskId() {
        return null;
    }

    /** {@code "failed"} for the error that ends a failed task, else null. */
    default String taskStatus() {
        return null;
    }
}
