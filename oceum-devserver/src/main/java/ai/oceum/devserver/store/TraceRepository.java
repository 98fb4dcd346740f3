package ai.oceum.devserver.store;

import ai.oceum.devserver.pricing.Money;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * The read side of the trace view: one run's tasks (all tasks with one run label, see
 * {@link RunLabels}), their model calls and errors, each with one indexed query and a row limit
 * the caller chooses. Stateless; every call runs inside a {@link Database} transaction.
 */
public final class TraceRepository {

    /** One task of a run, with what its events said about it. */
    public record TraceTask(
            long id,
            String taskId,
            String parentTaskId,
            String name,
            String status,
            Long startedAt,
            Long endedAt,
            Long durationMs,
            String rootTaskId,
            String kind,
            String outcome,
            String resumeOf,
            String startMeta,
            String endMeta,
            String usageTotals) {}

    /** One model call of a task of the run. */
    public record ModelCall(
            long id,
            String taskId,
            String model,
            long tokensInput,
            long tokensOutput,
            BigDecimal costUsd,
            boolean priced,
            long occurredAt,
            Long durationMs) {}

    /** A task's model calls summed: all of them, also those beyond a page's limit. */
    public record TaskUsage(String taskId, long calls, long tokensInput, long tokensOutput, BigDecimal costUsd) {}

    /** One error reported for a task of the run. */
    public record TaskError(
            long id,
            String taskId,
            String type,
            boolean typeDerived,
            String message,
            String stackTrace,
            boolean taskFailure,
            String metaJson,
            long occurredAt) {}

    private static final String RUN = "FROM tasks t WHERE t.agent_id = ? AND t.root_task_id = ?";
    private static final String JOIN = " JOIN tasks t ON t.agent_id = x.agent_id AND t.task_id = x.task_id "
            + "WHERE t.agent_id = ? AND t.root_task_id = ?";

    /** The task with this id, if it was seen. */
    public Optional<TraceTask> task(Connection c, String agentId, String taskId) throws SQLException {
        return Jdbc.query(
                        c,
                        "SELECT * FROM tasks WHERE agent_id = ? AND task_id = ? ORDER BY id DESC",
                        1,
                        TraceRepository::task,
                        agentId,
                        taskId)
                .stream()
                .findFirst();
    }

    /** How many tasks carry the run label. */
    public long size(Connection c, String agentId, String label) throws SQLException {
        return Jdbc.scalar(c, "SELECT COUNT(*) " + RUN, agentId, label);
    }

    /** The run's first {@code limit} tasks, in the order they were stored. */
    public List<TraceTask> tasks(Connection c, String agentId, String label, int limit) throws SQLException {
        return Jdbc.query(c, "SELECT * " + RUN + " ORDER BY t.id", limit, TraceRepository::task, agentId, label);
    }

    /** The model calls of the run's tasks summed per task. */
    public List<TaskUsage> usageByTask(Connection c, String agentId, String label) throws SQLException {
        return Jdbc.query(
                c,
                "SELECT x.task_id, COUNT(*), SUM(x.tokens_in), SUM(x.tokens_out), SUM(x.cost_usd) FROM usage_records x"
                        + JOIN + " GROUP BY x.task_id",
                0,
                rs -> new TaskUsage(
                        rs.getString(1),
                        rs.getLong(2),
                        rs.getLong(3),
                        rs.getLong(4),
                        Money.normalize(rs.getBigDecimal(5))),
                agentId,
                label);
    }

    /** The run's first {@code limit} model calls, in the order they were stored. */
    public List<ModelCall> modelCalls(Connection c, String agentId, String label, int limit) throws SQLException {
        return Jdbc.query(
                c,
                "SELECT x.id, x.task_id, x.model, x.tokens_in, x.tokens_out, x.cost_usd, x.priced, x.occurred_at, "
                        + "x.duration_ms FROM usage_records x" + JOIN + " ORDER BY x.id",
                limit,
                rs -> new ModelCall(
                        rs.getLong(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getLong(4),
                        rs.getLong(5),
                        Money.normalize(rs.getBigDecimal(6)),
                        rs.getBoolean(7),
                        rs.getLong(8),
                        Jdbc.longOrNull(rs, "duration_ms")),
                agentId,
                label);
    }

    /** The run's first {@code limit} errors, in the order they were stored. */
    public List<TaskError> errors(Connection c, String agentId, String label, int limit) throws SQLException {
        return Jdbc.query(
                c,
                "SELECT x.id, x.task_id, x.error_type, x.type_derived, x.message, x.stack_trace, x.task_failure, x.meta, "
                        + "x.occurred_at FROM errors x" + JOIN + " ORDER BY x.id",
                limit,
                rs -> new TaskError(
                        rs.getLong(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getBoolean(4),
                        rs.getString(5),
                        rs.getString(6),
                        rs.getBoolean(7),
                        rs.getString(8),
                        rs.getLong(9)),
                agentId,
                label);
    }

    /** The task ids of runs that resume the suspended run whose root is {@code rootTaskId}, oldest first. */
    public List<String> resumedBy(Connection c, String agentId, String rootTaskId) throws SQLException {
        return Jdbc.query(
                c,
                "SELECT task_id FROM tasks WHERE agent_id = ? AND resume_of = ? ORDER BY id",
                10,
                rs -> rs.getString(1),
                agentId,
                rootTaskId);
    }

    private static TraceTask task(ResultSet rs) throws SQLException {
        return new TraceTask(
                rs.getLong("id"),
                rs.getString("task_id"),
                rs.getString("parent_task_id"),
                rs.getString("name"),
                rs.getString("status"),
                Jdbc.longOrNull(rs, "started_at"),
                Jdbc.longOrNull(rs, "ended_at"),
                Jdbc.longOrNull(rs, "duration_ms"),
                rs.getString("root_task_id"),
                rs.getString("kind"),
                rs.getString("outcome"),
                rs.getString("resume_of"),
                rs.getString("start_meta"),
                rs.getString("end_meta"),
                rs.getString("usage_totals"));
    }
}
