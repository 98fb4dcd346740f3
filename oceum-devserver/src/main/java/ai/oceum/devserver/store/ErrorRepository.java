package ai.oceum.devserver.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Errors, grouped for the dashboard by agent, type and message with their occurrence count. */
public final class ErrorRepository {
    private static final int MAX_MESSAGE = 8000;
    private static final int MAX_STACK = 100_000;

    private final Retention retention;

    /** A repository kept within {@code retention}. */
    public ErrorRepository(Retention retention) {
        this.retention = retention;
    }

    /** Occurrences of one error, with the newest stack trace. */
    public record ErrorGroup(String agentId, String type, String message, long count, long firstSeen, long lastSeen,
            String stackTrace, String taskName) {
    }

    /** Records one error. */
    public void add(Connection c, String agentId, String type, String message, String stackTrace, String taskName,
            long occurredAt) throws SQLException {
        Jdbc.insert(c, "INSERT INTO errors (agent_id, error_type, message, stack_trace, task_name, occurred_at) "
                + "VALUES (?, ?, ?, ?, ?, ?)", agentId, cap(type, 500), cap(message, MAX_MESSAGE), cap(stackTrace, MAX_STACK),
                cap(taskName, 1000), occurredAt);
        retention.enforce(c, "errors");
    }

    /** The most recent error groups. */
    public List<ErrorGroup> groups(Connection c, int limit) throws SQLException {
        record Head(String agentId, String type, String message, long count, long first, long last, long newestId) {
        }
        List<Head> heads = Jdbc.query(c, "SELECT agent_id, error_type, message, COUNT(*) AS n, MIN(occurred_at) AS first_at, "
                + "MAX(occurred_at) AS last_at, MAX(id) AS newest FROM errors GROUP BY agent_id, error_type, message "
                + "ORDER BY MAX(id) DESC", limit,
                rs -> new Head(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getLong(5), rs.getLong(6),
                        rs.getLong(7)));
        if (heads.isEmpty()) {
            return List.of();
        }
        String ids = heads.stream().map(h -> String.valueOf(h.newestId())).collect(Collectors.joining(","));
        Map<Long, String[]> details = new HashMap<>();
        Jdbc.query(c, "SELECT id, stack_trace, task_name FROM errors WHERE id IN (" + ids + ")", 0,
                rs -> details.put(rs.getLong(1), new String[] {rs.getString(2), rs.getString(3)}));
        return heads.stream().map(h -> {
            String[] d = details.getOrDefault(h.newestId(), new String[2]);
            return new ErrorGroup(h.agentId(), h.type(), h.message(), h.count(), h.first(), h.last(), d[0], d[1]);
        }).toList();
    }

    /** How many errors are kept. */
    public long count(Connection c) throws SQLException {
        return Jdbc.scalar(c, "SELECT COUNT(*) FROM errors");
    }

    static String cap(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
