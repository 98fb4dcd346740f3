package ai.oceum.devserver.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** Tasks: a row per task from its start (or its end, when the start was never reported). */
public final class TaskRepository {
    /** A task still running. */
    public static final String RUNNING = "running";
    /** A task that completed. */
    public static final String SUCCEEDED = "succeeded";
    /** A task that ended in an error. */
    public static final String FAILED = "failed";

    private final Retention retention;

    /** A repository kept within {@code retention}. */
    public TaskRepository(Retention retention) {
        this.retention = retention;
    }

    /** One task. */
    public record TaskRow(String agentId, String taskId, String name, String status, Long startedAt, Long endedAt,
            Long durationMs) {
    }

    /** Per agent and task name: how many ran, how they ended, how long they took. */
    public record TaskSummary(String agentId, String name, long total, long succeeded, long failed, long running,
            Double avgDurationMs, Long maxDurationMs) {
    }

    /** Records a task start. */
    public void start(Connection c, String agentId, String taskId, String parentTaskId, String name, long startedAt)
            throws SQLException {
        Jdbc.insert(c, "INSERT INTO tasks (agent_id, task_id, parent_task_id, name, status, started_at) VALUES (?, ?, ?, ?, ?, ?)",
                agentId, taskId, parentTaskId, name, RUNNING, startedAt);
        retention.enforce(c, "tasks");
    }

    /**
     * Ends the running task with this id (or, without an id, the newest running one of that name);
     * records a finished task when no start was seen. The duration is the one reported, else
     * the time since the start.
     */
    public void finish(Connection c, String agentId, String taskId, String name, String status, long endedAt,
            Long reportedDurationMs) throws SQLException {
        List<TaskRow> open = taskId != null
                ? Jdbc.query(c, "SELECT * FROM tasks WHERE agent_id = ? AND task_id = ? AND status = ? ORDER BY id DESC", 1,
                        TaskRepository::map, agentId, taskId, RUNNING)
                : Jdbc.query(c, "SELECT * FROM tasks WHERE agent_id = ? AND name = ? AND status = ? ORDER BY id DESC", 1,
                        TaskRepository::map, agentId, name, RUNNING);
        if (open.isEmpty()) {
            Jdbc.insert(c, "INSERT INTO tasks (agent_id, task_id, name, status, ended_at, duration_ms) VALUES (?, ?, ?, ?, ?, ?)",
                    agentId, taskId, name, status, endedAt, Jdbc.nullable(reportedDurationMs));
            retention.enforce(c, "tasks");
            return;
        }
        TaskRow row = open.get(0);
        Long duration = reportedDurationMs != null ? reportedDurationMs
                : row.startedAt() == null ? null : Math.max(0, endedAt - row.startedAt());
        String sql = "UPDATE tasks SET status = ?, ended_at = ?, duration_ms = ? WHERE agent_id = ? AND status = ? AND "
                + (taskId != null ? "task_id = ?" : "name = ?");
        Jdbc.update(c, sql, status, endedAt, Jdbc.nullable(duration), agentId, RUNNING, taskId != null ? taskId : name);
    }

    /** Summaries per agent and task name, busiest first. */
    public List<TaskSummary> summaries(Connection c) throws SQLException {
        return Jdbc.query(c, "SELECT agent_id, name, COUNT(*) AS total, "
                + "SUM(CASE WHEN status = 'succeeded' THEN 1 ELSE 0 END) AS ok, "
                + "SUM(CASE WHEN status = 'failed' THEN 1 ELSE 0 END) AS failed, "
                + "SUM(CASE WHEN status = 'running' THEN 1 ELSE 0 END) AS running, "
                + "AVG(CAST(duration_ms AS DOUBLE PRECISION)) AS avg_ms, MAX(duration_ms) AS max_ms "
                + "FROM tasks GROUP BY agent_id, name ORDER BY COUNT(*) DESC, agent_id, name", 200,
                rs -> {
                    double avg = rs.getDouble("avg_ms");
                    Double avgMs = rs.wasNull() ? null : avg;
                    return new TaskSummary(rs.getString("agent_id"), rs.getString("name"), rs.getLong("total"),
                            rs.getLong("ok"), rs.getLong("failed"), rs.getLong("running"), avgMs, Jdbc.longOrNull(rs, "max_ms"));
                });
    }

    /** The newest tasks. */
    public List<TaskRow> recent(Connection c, int limit) throws SQLException {
        return Jdbc.query(c, "SELECT * FROM tasks ORDER BY id DESC", limit, TaskRepository::map);
    }

    private static TaskRow map(java.sql.ResultSet rs) throws SQLException {
        return new TaskRow(rs.getString("agent_id"), rs.getString("task_id"), rs.getString("name"), rs.getString("status"),
                Jdbc.longOrNull(rs, "started_at"), Jdbc.longOrNull(rs, "ended_at"), Jdbc.longOrNull(rs, "duration_ms"));
    }
}
