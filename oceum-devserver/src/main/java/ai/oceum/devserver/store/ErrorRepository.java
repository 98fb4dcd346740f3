package ai.oceum.devserver.store;

import ai.oceum.devserver.protocol.FieldLimits;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Errors, read as incidents: all errors reported for one task run (same agent and task id) are
 * one incident whose headline is the task's failure (or, for a task that did not fail, its first
 * error); the others (the log line about the failure, a failed tool) are its related errors.
 * An error outside a task is an incident of its own. A consequence of a failure elsewhere (a
 * workflow that ended failed because a sub-agent failed: {@code meta.failureOrigin: false}) is
 * no incident: the failure where it began is, and the trace view shows the rest in place. The
 * dashboard groups incidents by agent, headline type and message, so one failed ticket reads as
 * one failure, not two. Stateless apart from its retention limit: every call runs inside a
 * {@link Database} transaction, one at a time.
 */
public final class ErrorRepository {
    private final Retention retention;

    /** A repository kept within {@code retention}. */
    public ErrorRepository(Retention retention) {
        this.retention = retention;
    }

    /**
     * One error as reported.
     *
     * @param agentId the agent
     * @param type the exception type, or one derived from what the event carried
     * @param typeDerived whether {@code type} was derived (the event carried none)
     * @param message the message
     * @param stackTrace the stack trace, or null
     * @param taskName the task's name, or null
     * @param taskId the task's id, or null
     * @param taskFailure whether this error ended its task as failed
     * @param metaJson the event's {@code meta} as JSON text, or null
     * @param occurredAt when it happened, epoch ms
     * @param consequence whether it only repeats a failure that began in another task (an ancestor failed by it)
     */
    public record ErrorRecord(
            String agentId,
            String type,
            boolean typeDerived,
            String message,
            String stackTrace,
            String taskName,
            String taskId,
            boolean taskFailure,
            String metaJson,
            long occurredAt,
            boolean consequence) {}

    /** An error reported with an incident's headline, for the same task run. */
    public record RelatedError(String type, boolean typeDerived, String message, String metaJson, long occurredAt) {}

    /**
     * Incidents with the same agent, type and message, with the newest one's details.
     *
     * @param count how many incidents
     * @param related the other errors of the newest incident's task run, oldest first
     */
    public record ErrorGroup(
            String agentId,
            String type,
            boolean typeDerived,
            String message,
            long count,
            long firstSeen,
            long lastSeen,
            String stackTrace,
            String taskName,
            String taskId,
            String metaJson,
            List<RelatedError> related) {}

    /** Records one error, making it its task run's headline or a related error of it. */
    public void add(Connection c, ErrorRecord e) throws SQLException {
        boolean headline = !e.consequence();
        if (headline && e.taskId() != null) {
            List<Boolean> current = Jdbc.query(
                    c,
                    "SELECT task_failure FROM errors WHERE agent_id = ? AND task_id = ? AND headline " + "ORDER BY id",
                    1,
                    rs -> rs.getBoolean(1),
                    e.agentId(),
                    e.taskId());
            if (!current.isEmpty()) {
                boolean currentIsFailure = current.get(0);
                headline = e.taskFailure() && !currentIsFailure;
                if (headline) {
                    Jdbc.update(
                            c,
                            "UPDATE errors SET headline = FALSE WHERE agent_id = ? AND task_id = ?",
                            e.agentId(),
                            e.taskId());
                }
            }
        }
        Jdbc.insert(
                c,
                "INSERT INTO errors (agent_id, error_type, type_derived, message, stack_trace, task_name, task_id, "
                        + "task_failure, headline, meta, occurred_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                e.agentId(),
                FieldLimits.cut(e.type(), FieldLimits.ERROR_TYPE),
                e.typeDerived(),
                FieldLimits.cut(e.message(), FieldLimits.ERROR_MESSAGE),
                FieldLimits.cut(e.stackTrace(), FieldLimits.STACK_TRACE),
                e.taskName(),
                e.taskId(),
                e.taskFailure(),
                headline,
                FieldLimits.cut(e.metaJson(), FieldLimits.ERROR_META),
                e.occurredAt());
        retention.enforce(c, "errors");
    }

    /** The most recent incident groups. */
    public List<ErrorGroup> groups(Connection c, int limit) throws SQLException {
        record Head(String agentId, String type, String message, long count, long first, long last, long newestId) {}
        List<Head> heads = Jdbc.query(
                c,
                "SELECT agent_id, error_type, message, COUNT(*) AS n, MIN(occurred_at) AS first_at, "
                        + "MAX(occurred_at) AS last_at, MAX(id) AS newest FROM errors WHERE headline "
                        + "GROUP BY agent_id, error_type, message ORDER BY MAX(id) DESC",
                limit,
                rs -> new Head(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getLong(4),
                        rs.getLong(5),
                        rs.getLong(6),
                        rs.getLong(7)));
        List<ErrorGroup> groups = new ArrayList<>();
        for (Head h : heads) {
            record Detail(String stack, String taskName, String taskId, String meta, boolean derived) {}
            Detail d = Jdbc.query(
                            c,
                            "SELECT stack_trace, task_name, task_id, meta, type_derived FROM errors WHERE id = ?",
                            1,
                            rs -> new Detail(
                                    rs.getString(1),
                                    rs.getString(2),
                                    rs.getString(3),
                                    rs.getString(4),
                                    rs.getBoolean(5)),
                            h.newestId())
                    .stream()
                    .findFirst()
                    .orElse(new Detail(null, null, null, null, false));
            List<RelatedError> related = d.taskId() == null
                    ? List.of()
                    : Jdbc.query(
                            c,
                            "SELECT error_type, type_derived, message, meta, occurred_at FROM errors "
                                    + "WHERE agent_id = ? AND task_id = ? AND NOT headline ORDER BY id",
                            20,
                            rs -> new RelatedError(
                                    rs.getString(1), rs.getBoolean(2), rs.getString(3), rs.getString(4), rs.getLong(5)),
                            h.agentId(),
                            d.taskId());
            groups.add(new ErrorGroup(
                    h.agentId(),
                    h.type(),
                    d.derived(),
                    h.message(),
                    h.count(),
                    h.first(),
                    h.last(),
                    d.stack(),
                    d.taskName(),
                    d.taskId(),
                    d.meta(),
                    related));
        }
        return groups;
    }

    /** How many error events are kept. */
    public long count(Connection c) throws SQLException {
        return Jdbc.scalar(c, "SELECT COUNT(*) FROM errors");
    }

    /** How many incidents (task runs with errors, and errors outside a task) are kept. */
    public long incidents(Connection c) throws SQLException {
        return Jdbc.scalar(c, "SELECT COUNT(*) FROM errors WHERE headline");
    }
}
