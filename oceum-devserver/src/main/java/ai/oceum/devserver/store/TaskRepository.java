package ai.oceum.devserver.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * Task runs: one row per run, keyed by its task id, made by whichever of its start and its end
 * arrives first (events of one task may arrive in any order: SDKs keep several requests in
 * flight, proxies and retries reorder). Runs without a task id are matched by name. Stateless
 * apart from its retention limit: every call runs inside a {@link Database} transaction, one at a time.
 */
public final class TaskRepository {
    /** A task still running. */
    public static final String RUNNING = "running";
    /** A task that completed. */
    public static final String SUCCEEDED = "succeeded";
    /** A task that ended in an error. */
    public static final String FAILED = "failed";
    /** The name of a task whose events carried none. */
    public static final String UNNAMED = "unnamed-task";

    private final Retention retention;

    /** A repository kept within {@code retention}. */
    public TaskRepository(Retention retention) {
        this.retention = retention;
    }

    /**
     * One task run.
     *
     * @param rootTaskId its run label ({@link RunLabels}): the task id of its run's root, as far as known
     * @param outcome how it ended as the SDK said ({@code completed}, {@code suspended}, {@code failed}, {@code abandoned}), or null
     */
    public record TaskRow(
            long id,
            String agentId,
            String taskId,
            String parentTaskId,
            String name,
            String status,
            Long startedAt,
            Long endedAt,
            Long durationMs,
            String rootTaskId,
            String kind,
            String outcome) {}

    /** Per agent and task name: how many ran, how they ended, how long they took. */
    public record TaskSummary(
            String agentId,
            String name,
            long total,
            long succeeded,
            long failed,
            long running,
            Double avgDurationMs,
            Long maxDurationMs) {}

    /**
     * Records a task start. A run is keyed by its task id: when a run with this id exists (its
     * completion arrived first, or this start is a duplicate), the start only fills in what the
     * run lacks (its start time, parent, name, details) and opens nothing. Without a task id (a
     * plain reference-SDK start) every start is a new running run.
     */
    public void start(
            Connection c,
            String agentId,
            String taskId,
            String parentTaskId,
            String name,
            long startedAt,
            TaskDetails details)
            throws SQLException {
        if (taskId != null) {
            Optional<TaskRow> existing = find(c, agentId, taskId);
            if (existing.isPresent()) {
                fillStart(c, existing.get(), parentTaskId, name, startedAt, details);
                return;
            }
        }
        String label = RunLabels.labelFor(c, agentId, taskId, parentTaskId, details.rootHint());
        Jdbc.insert(
                c,
                "INSERT INTO tasks (agent_id, task_id, parent_task_id, name, status, started_at, root_task_id, kind, "
                        + "resume_of, start_meta) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                agentId,
                taskId,
                parentTaskId,
                name,
                RUNNING,
                startedAt,
                label,
                details.kind(),
                details.resumeOf(),
                details.metaJson());
        RunLabels.relabel(c, agentId, taskId, label);
        retention.enforce(c, "tasks");
    }

    private void fillStart(
            Connection c, TaskRow row, String parentTaskId, String name, long startedAt, TaskDetails details)
            throws SQLException {
        // A completion without a reported duration that came before its start gets one now; a
        // second start (a duplicate without an idempotency key) changes nothing.
        Jdbc.update(
                c,
                "UPDATE tasks SET duration_ms = CASE WHEN duration_ms IS NULL AND ended_at IS NOT NULL AND ended_at >= ? "
                        + "THEN ended_at - ? ELSE duration_ms END, started_at = ? WHERE id = ? AND started_at IS NULL",
                startedAt,
                startedAt,
                startedAt,
                row.id());
        adopt(c, row, parentTaskId, details.rootHint());
        if (!UNNAMED.equals(name)) {
            Jdbc.update(c, "UPDATE tasks SET name = ? WHERE id = ? AND name = ?", name, row.id(), UNNAMED);
        }
        Jdbc.update(
                c, "UPDATE tasks SET start_meta = ? WHERE id = ? AND start_meta IS NULL", details.metaJson(), row.id());
        fillKind(c, row.id(), details);
    }

    /** A run first seen without a parent learns it: it and the tasks labelled with its id join the parent's run. */
    private static void adopt(Connection c, TaskRow row, String parentTaskId, String rootHint) throws SQLException {
        if (row.parentTaskId() != null || parentTaskId == null) {
            return;
        }
        Jdbc.update(c, "UPDATE tasks SET parent_task_id = ? WHERE id = ?", parentTaskId, row.id());
        String label = RunLabels.labelFor(c, row.agentId(), row.taskId(), parentTaskId, rootHint);
        if (row.rootTaskId() == null) {
            Jdbc.update(c, "UPDATE tasks SET root_task_id = ? WHERE id = ?", label, row.id());
        }
        RunLabels.relabel(c, row.agentId(), row.rootTaskId() != null ? row.rootTaskId() : row.taskId(), label);
    }

    private static void fillKind(Connection c, long id, TaskDetails details) throws SQLException {
        Jdbc.update(c, "UPDATE tasks SET kind = ? WHERE id = ? AND kind IS NULL", details.kind(), id);
        Jdbc.update(c, "UPDATE tasks SET resume_of = ? WHERE id = ? AND resume_of IS NULL", details.resumeOf(), id);
    }

    /**
     * Ends a run as {@code status}. With a task id: the run with that id, if it is still running;
     * a run that already ended keeps its first ending (a duplicate or late second ending changes
     * nothing); a run never seen starting is recorded as ended, and its start, if it comes later,
     * fills in the start time. Without a task id: the newest running run of that name, else a
     * new ended run. The duration is the one reported, else the time since the start.
     */
    public void finish(
            Connection c,
            String agentId,
            String taskId,
            String parentTaskId,
            String name,
            String status,
            long endedAt,
            Long reportedDurationMs,
            TaskDetails details)
            throws SQLException {
        List<TaskRow> open = taskId != null
                ? Jdbc.query(
                        c,
                        "SELECT * FROM tasks WHERE agent_id = ? AND task_id = ? ORDER BY id DESC",
                        1,
                        TaskRepository::map,
                        agentId,
                        taskId)
                : Jdbc.query(
                        c,
                        "SELECT * FROM tasks WHERE agent_id = ? AND name = ? AND status = ? ORDER BY id DESC",
                        1,
                        TaskRepository::map,
                        agentId,
                        name,
                        RUNNING);
        if (open.isEmpty()) {
            String label = RunLabels.labelFor(c, agentId, taskId, parentTaskId, details.rootHint());
            Jdbc.insert(
                    c,
                    "INSERT INTO tasks (agent_id, task_id, parent_task_id, name, status, ended_at, duration_ms, root_task_id, "
                            + "kind, outcome, resume_of, end_meta, usage_totals) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    agentId,
                    taskId,
                    parentTaskId,
                    name,
                    status,
                    endedAt,
                    Jdbc.nullable(reportedDurationMs),
                    label,
                    details.kind(),
                    details.outcome(),
                    details.resumeOf(),
                    details.metaJson(),
                    details.usageTotalsJson());
            RunLabels.relabel(c, agentId, taskId, label);
            retention.enforce(c, "tasks");
            return;
        }
        TaskRow row = open.get(0);
        if (taskId != null) {
            adopt(c, row, parentTaskId, details.rootHint());
        }
        if (!RUNNING.equals(row.status())) {
            return;
        }
        Long duration = reportedDurationMs != null
                ? reportedDurationMs
                : row.startedAt() == null ? null : Math.max(0, endedAt - row.startedAt());
        Jdbc.update(
                c,
                "UPDATE tasks SET status = ?, ended_at = ?, duration_ms = ?, outcome = ?, end_meta = ?, usage_totals = ? "
                        + "WHERE id = ?",
                status,
                endedAt,
                Jdbc.nullable(duration),
                details.outcome(),
                details.metaJson(),
                details.usageTotalsJson(),
                row.id());
        fillKind(c, row.id(), details);
        if (!UNNAMED.equals(name)) {
            Jdbc.update(c, "UPDATE tasks SET name = ? WHERE id = ? AND name = ?", name, row.id(), UNNAMED);
        }
    }

    /** The run with this task id, if it was seen (start or end). */
    public Optional<TaskRow> find(Connection c, String agentId, String taskId) throws SQLException {
        return Jdbc.query(
                        c,
                        "SELECT * FROM tasks WHERE agent_id = ? AND task_id = ? ORDER BY id DESC",
                        1,
                        TaskRepository::map,
                        agentId,
                        taskId)
                .stream()
                .findFirst();
    }

    /** Summaries per agent and task name, busiest first. */
    public List<TaskSummary> summaries(Connection c) throws SQLException {
        return Jdbc.query(
                c,
                "SELECT agent_id, name, COUNT(*) AS total, "
                        + "SUM(CASE WHEN status = 'succeeded' THEN 1 ELSE 0 END) AS ok, "
                        + "SUM(CASE WHEN status = 'failed' THEN 1 ELSE 0 END) AS failed, "
                        + "SUM(CASE WHEN status = 'running' THEN 1 ELSE 0 END) AS running, "
                        + "AVG(CAST(duration_ms AS DOUBLE PRECISION)) AS avg_ms, MAX(duration_ms) AS max_ms "
                        + "FROM tasks GROUP BY agent_id, name ORDER BY COUNT(*) DESC, agent_id, name",
                200,
                rs -> {
                    double avg = rs.getDouble("avg_ms");
                    Double avgMs = rs.wasNull() ? null : avg;
                    return new TaskSummary(
                            rs.getString("agent_id"),
                            rs.getString("name"),
                            rs.getLong("total"),
                            rs.getLong("ok"),
                            rs.getLong("failed"),
                            rs.getLong("running"),
                            avgMs,
                            Jdbc.longOrNull(rs, "max_ms"));
                });
    }

    /** The newest tasks. */
    public List<TaskRow> recent(Connection c, int limit) throws SQLException {
        return Jdbc.query(c, "SELECT * FROM tasks ORDER BY id DESC", limit, TaskRepository::map);
    }

    /**
     * The newest runs: tasks without a parent (the roots of their trees), newest first. Reading
     * backwards from the newest id stops after {@code limit} roots, however many children each has.
     */
    public List<TaskRow> recentRoots(Connection c, int limit) throws SQLException {
        // FETCH FIRST (not only setMaxRows) lets PostgreSQL's planner read the id index backwards and stop.
        return Jdbc.query(
                c,
                "SELECT * FROM tasks WHERE parent_task_id IS NULL ORDER BY id DESC FETCH FIRST " + limit + " ROWS ONLY",
                limit,
                TaskRepository::map);
    }

    /** How many tasks carry the run label {@code rootTaskId}, and how many of them are running and failed. */
    public long[] runCounts(Connection c, String agentId, String rootTaskId) throws SQLException {
        return Jdbc.query(
                        c,
                        "SELECT COUNT(*), SUM(CASE WHEN status = 'running' THEN 1 ELSE 0 END), "
                                + "SUM(CASE WHEN status = 'failed' THEN 1 ELSE 0 END) FROM tasks WHERE agent_id = ? AND root_task_id = ?",
                        1,
                        rs -> new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)},
                        agentId,
                        rootTaskId)
                .get(0);
    }

    private static TaskRow map(java.sql.ResultSet rs) throws SQLException {
        return new TaskRow(
                rs.getLong("id"),
                rs.getString("agent_id"),
                rs.getString("task_id"),
                rs.getString("parent_task_id"),
                rs.getString("name"),
                rs.getString("status"),
                Jdbc.longOrNull(rs, "started_at"),
                Jdbc.longOrNull(rs, "ended_at"),
                Jdbc.longOrNull(rs, "duration_ms"),
                rs.getString("root_task_id"),
                rs.getString("kind"),
                rs.getString("outcome"));
    }
}
