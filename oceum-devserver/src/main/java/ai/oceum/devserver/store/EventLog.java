package ai.oceum.devserver.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * The raw event history and the de-duplication record: an {@code Idempotency-Key} seen before
 * is answered with the answer it got the first time.
 */
public final class EventLog {
    private final Retention retention;

    /** A log kept within {@code retention}. */
    public EventLog(Retention retention) {
        this.retention = retention;
    }

    /** The answer given the first time this key was seen. */
    public record StoredAnswer(int status, String body) {}

    /** The earlier answer to {@code key}, if it was seen. */
    public Optional<StoredAnswer> answered(Connection c, String key) throws SQLException {
        List<StoredAnswer> rows = Jdbc.query(
                c,
                "SELECT status, answer FROM idempotency WHERE idem_key = ?",
                1,
                rs -> new StoredAnswer(rs.getInt(1), rs.getString(2)),
                key);
        return rows.stream().findFirst();
    }

    /** Remembers the answer given to {@code key}. */
    public void remember(Connection c, String key, int status, String answer, long now) throws SQLException {
        Jdbc.insert(
                c,
                "INSERT INTO idempotency (idem_key, status, answer, created_at) VALUES (?, ?, ?, ?)",
                key,
                status,
                answer,
                now);
        retention.enforce(c, "idempotency");
    }

    /** Appends one accepted event to the history. */
    public void append(
            Connection c,
            String eventId,
            String agentId,
            String type,
            long occurredAt,
            long receivedAt,
            String dataJson)
            throws SQLException {
        Jdbc.insert(
                c,
                "INSERT INTO events (event_id, agent_id, event_type, occurred_at, received_at, data) "
                        + "VALUES (?, ?, ?, ?, ?, ?)",
                eventId,
                agentId,
                type,
                occurredAt,
                receivedAt,
                dataJson);
        retention.enforce(c, "events");
    }

    /** How many events are kept. */
    public long count(Connection c) throws SQLException {
        return Jdbc.scalar(c, "SELECT COUNT(*) FROM events");
    }
}
