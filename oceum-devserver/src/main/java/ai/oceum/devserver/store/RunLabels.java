package ai.oceum.devserver.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Which run a task belongs to, so that the trace view loads a whole run with one indexed query.
 * A task's run label ({@code tasks.root_task_id}) is the task id of its run's root: the outermost
 * task its parent links reach. Events arrive in any order, so a task whose parent has not arrived
 * is labelled with the nearest ancestor it knows of (the SDK's {@code meta.rootTaskId} when it
 * sends one, else its parent's id); when that ancestor arrives, every task labelled with its id
 * takes the ancestor's own label. However the events of a run were ordered, its tasks end with one
 * label, for one indexed UPDATE per arriving task. Stateless; called inside the store's transaction.
 */
final class RunLabels {
    private RunLabels() {}

    /**
     * The label of a task arriving now: its own id for a root (no parent), its parent's label when
     * the parent is stored, else the label of {@code rootHint} (or {@code rootHint} itself, not yet
     * stored), else the parent's id. Null for a task with neither id nor parent.
     */
    static String labelFor(Connection c, String agentId, String taskId, String parentTaskId, String rootHint)
            throws SQLException {
        if (parentTaskId == null || parentTaskId.equals(taskId)) {
            return taskId;
        }
        String viaParent = labelOf(c, agentId, parentTaskId);
        if (viaParent != null) {
            return viaParent;
        }
        if (rootHint != null && !rootHint.equals(taskId)) {
            String viaHint = labelOf(c, agentId, rootHint);
            return viaHint != null ? viaHint : rootHint;
        }
        return parentTaskId;
    }

    /** The label of a stored task, or null when it is not stored. */
    private static String labelOf(Connection c, String agentId, String taskId) throws SQLException {
        List<String> rows = Jdbc.query(
                c,
                "SELECT COALESCE(root_task_id, task_id) FROM tasks WHERE agent_id = ? AND task_id = ? "
                        + "ORDER BY id DESC",
                1,
                rs -> rs.getString(1),
                agentId,
                taskId);
        return rows.isEmpty() ? null : rows.get(0);
    }

    /** Every task labelled {@code from} (the tasks that were waiting for it) takes the label {@code to}. */
    static void relabel(Connection c, String agentId, String from, String to) throws SQLException {
        if (from != null && to != null && !from.equals(to)) {
            Jdbc.update(
                    c, "UPDATE tasks SET root_task_id = ? WHERE agent_id = ? AND root_task_id = ?", to, agentId, from);
        }
    }
}
