package ai.oceum.devserver.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * The fleet: one row per agent with its status, last heartbeat and the heartbeat interval
 * observed in its current run (process). Intervals are measured on the agent's own clock (the
 * events' timestamps), so delivery delays and retries do not distort them; liveness compares
 * the server's clock with the time a heartbeat was received. Stateless: every call runs inside a
 * {@link Database} transaction, one at a time.
 */
public final class AgentRepository {
    /** Weight of the newest interval in the moving average, so one late beat does not swing it. */
    private static final double NEW_INTERVAL_WEIGHT = 0.3;

    /**
     * One agent as stored.
     *
     * @param lastHeartbeat when its last heartbeat was received (server clock)
     * @param heartbeatIntervalMs the interval observed in the current run, or null before two beats of it
     * @param lastBeatAt when its last heartbeat happened (agent clock)
     * @param runStartedAt when the current run's first heartbeat happened (agent clock)
     */
    public record AgentRow(
            String agentId,
            String status,
            long firstSeen,
            long lastSeen,
            Long lastHeartbeat,
            Long heartbeatIntervalMs,
            long heartbeats,
            long eventCount,
            Long lastBeatAt,
            Long runStartedAt) {}

    /** Decides whether a heartbeat after {@code gapMs} starts a new run of an agent with this observed interval. */
    @FunctionalInterface
    public interface NewRunRule {
        /** True when the gap is too long to be the same run. */
        boolean startsNewRun(long gapMs, Long observedIntervalMs);
    }

    /** Records that the agent sent an event now (creating it on first contact). */
    public void touch(Connection c, String agentId, long now) throws SQLException {
        int n = Jdbc.update(
                c, "UPDATE agents SET last_seen = ?, event_count = event_count + 1 WHERE agent_id = ?", now, agentId);
        if (n == 0) {
            Jdbc.update(
                    c,
                    "INSERT INTO agents (agent_id, status, first_seen, last_seen, heartbeats, event_count) "
                            + "VALUES (?, ?, ?, ?, 0, 1)",
                    agentId,
                    null,
                    now,
                    now);
        }
    }

    /**
     * Records a heartbeat that happened at {@code occurredAt} (agent clock) and was received at
     * {@code receivedAt}, and updates the observed interval: a moving average within one run; a
     * heartbeat after a gap {@code rule} calls a new run starts a new measurement. A heartbeat
     * older than the newest one (delivered late) only counts.
     */
    public void heartbeat(Connection c, String agentId, long occurredAt, long receivedAt, NewRunRule rule)
            throws SQLException {
        AgentRow row = find(c, agentId).orElseThrow(() -> new SQLException("agent " + agentId + " was not recorded"));
        Long interval = row.heartbeatIntervalMs();
        Long lastBeat = row.lastBeatAt();
        Long runStart = row.runStartedAt();
        if (lastBeat == null) {
            interval = null; // the first heartbeat (or one stored by an older server that measured across runs)
            runStart = occurredAt;
            lastBeat = occurredAt;
        } else if (occurredAt > lastBeat) {
            long gap = occurredAt - lastBeat;
            if (rule.startsNewRun(gap, interval)) {
                interval = null;
                runStart = occurredAt;
            } else {
                interval = interval == null
                        ? gap
                        : Math.round(interval * (1 - NEW_INTERVAL_WEIGHT) + gap * NEW_INTERVAL_WEIGHT);
            }
            lastBeat = occurredAt;
        }
        Jdbc.update(
                c,
                "UPDATE agents SET last_heartbeat = ?, heartbeat_interval_ms = ?, heartbeats = heartbeats + 1, "
                        + "last_beat_at = ?, run_started_at = ? WHERE agent_id = ?",
                Math.max(receivedAt, row.lastHeartbeat() == null ? 0 : row.lastHeartbeat()),
                Jdbc.nullable(interval),
                lastBeat,
                Jdbc.nullable(runStart),
                agentId);
    }

    /** Sets the agent's reported status. */
    public void status(Connection c, String agentId, String status) throws SQLException {
        Jdbc.update(c, "UPDATE agents SET status = ? WHERE agent_id = ?", status, agentId);
    }

    /** One agent. */
    public Optional<AgentRow> find(Connection c, String agentId) throws SQLException {
        return Jdbc.query(c, "SELECT * FROM agents WHERE agent_id = ?", 1, AgentRepository::map, agentId).stream()
                .findFirst();
    }

    /** Every agent, most recently seen first. */
    public List<AgentRow> all(Connection c) throws SQLException {
        return Jdbc.query(c, "SELECT * FROM agents ORDER BY last_seen DESC", 500, AgentRepository::map);
    }

    private static AgentRow map(java.sql.ResultSet rs) throws SQLException {
        return new AgentRow(
                rs.getString("agent_id"),
                rs.getString("status"),
                rs.getLong("first_seen"),
                rs.getLong("last_seen"),
                Jdbc.longOrNull(rs, "last_heartbeat"),
                Jdbc.longOrNull(rs, "heartbeat_interval_ms"),
                rs.getLong("heartbeats"),
                rs.getLong("event_count"),
                Jdbc.longOrNull(rs, "last_beat_at"),
                Jdbc.longOrNull(rs, "run_started_at"));
    }
}
