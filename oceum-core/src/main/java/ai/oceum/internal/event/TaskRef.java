package ai.oceum.internal.event;

import ai.oceum.internal.util.Ids;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Map;

/**
 * The task fields an event carries: {@code taskName}, {@code taskId} and, for a child task,
 * {@code parentTaskId}. Made once per task and shared by its events.
 *
 * <p>The id is made on first use, by whichever thread asks first: usually the sender thread
 * writing the task's first event, so that opening a task (an {@code @AgentTask} call) does not
 * pay for a random UUID and its string on the application's thread. Asked on several threads at
 * once, all get the same id.
 *
 * <p>Thread-safe.
 */
public final class TaskRef {
    private static final VarHandle ID;

    static {
        try {
            ID = MethodHandles.lookup().findVarHandle(TaskRef.class, "id", String.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final String name;
    private final TaskRef parent;

    @SuppressWarnings("UnusedVariable") // also written through ID
    private volatile String id;

    /**
     * @param name the task's name
     * @param parent the enclosing task's fields, or null for a top-level task
     */
    public TaskRef(String name, TaskRef parent) {
        this.name = name;
        this.parent = parent;
    }

    /** The task's name. */
    public String name() {
        return name;
    }

    /** The task's id: a random UUID, made on the first call and the same on every later one. */
    public String id() {
        String i = id;
        if (i == null) {
            String made = Ids.newId();
            i = (String) ID.compareAndExchange(this, null, made);
            if (i == null) {
                i = made;
            }
        }
        return i;
    }

    /** The enclosing task's id, or null for a top-level task. */
    public String parentId() {
        return parent == null ? null : parent.id();
    }

    /** Adds the task fields to {@code data}; nothing for a null task. */
    static void put(Map<String, Object> data, TaskRef task) {
        if (task != null) {
            data.put("taskName", task.name);
            data.put("taskId", task.id());
            if (task.parent != null) {
                data.put("parentTaskId", task.parent.id());
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
