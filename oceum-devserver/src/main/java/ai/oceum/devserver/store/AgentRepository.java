package ai.oceum.devserver.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** The fleet: one row per agent with its status, last heartbeat and observed heartbeat interval. */
public final class AgentRepository {
    /** Weight of the newest interval in the moving average, so one late beat does not swing it. */
    private static final double NEW_INTERVAL_WEIGHT = 0.3;

    /** One agent as stored. */
    public record AgentRow(String agentId, String status, long firstSeen, long lastSeen, Long lastHeartbeat,
            Long heartbeatIntervalMs, long heartbeats, long eventCount) {
    }

    /** Records that the agent sent an event now (creating it on first contact). */
    public void touch(Connection c, String agentId, long now) throws SQLException {
        int n = Jdbc.update(c, "UPDATE agents SET last_seen = ?, event_count = event_count + 1 WHERE agent_id = ?", now, agentId);
        if (n == 0) {
            Jdbc.update(c, "INSERT INTO agents (agent_id, status, first_seen, last_seen, heartbeats, event_count) "
                    + "VALUES (?, ?, ?, ?, 0, 1)", agentId, null, now, now);
        }
    }

    /** Records a heartbeat received now and updates the observed interval. */
    public void heartbeat(Connection c, String agentId, long now) throws SQLException {
        List<AgentRow> rows = Jdbc.query(c, "SELECT * FROM agents WHERE agent_id = ?", 1, AgentRepository::map, agentId);
        Long interval = null;
        if (!rows.isEmpty() && rows.get(0).lastHeartbeat() != null) {
            long delta = now - rows.get(0).lastHeartbeat();
            Long previous = rows.get(0).heartbeatIntervalMs();
            if (delta > 0) {
                interval = previous == null ? delta
                        : Math.round(previous * (1 - NEW_INTERVAL_WEIGHT) + delta * NEW_INTERVAL_WEIGHT);
            } else {
                interval = previous;
            }
        }
        Jdbc.update(c, "UPDATE agents SET last_heartbeat = ?, heartbeat_interval_ms = ?, heartbeats = heartbeats + 1 "
                + "WHERE agent_id = ?", now, Jdbc.nullable(interval), agentId);
    }

    /** Sets the agent's reported status. */
    public void status(Connection c, String agentId, String status) throws SQLException {
        Jdbc.update(c, "UPDATE agents SET status = ? WHERE agent_id = ?", status, agentId);
    }

    /** Every agent, most recently seen first. */
    public List<AgentRow> all(Connection c) throws SQLException {
        return Jdbc.query(c, "SELECT * FROM agents ORDER BY last_seen DESC", 500, AgentRepository::map);
    }

    private static AgentRow map(java.sql.ResultSet rs) throws SQLException {
        return new AgentRow(rs.getString("agent_id"), rs.getString("status"), rs.getLong("first_seen"),
                rs.getLong("last_seen"), Jdbc.longOrNull(rs, "last_heartbeat"), Jdbc.longOrNull(rs, "heartbeat_interval_ms"),
                rs.getLong("heartbeats"), rs.getLong("event_count"));
    }
}
