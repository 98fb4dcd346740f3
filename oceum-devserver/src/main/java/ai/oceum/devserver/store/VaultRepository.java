package ai.oceum.devserver.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Vault entries: metadata in columns, the secret only as AES-GCM ciphertext. Never trimmed by
 * the retention limit (a token must work until its ttl or a revoke).
 */
public final class VaultRepository {
    /** One stored entry; {@code ciphertext} is the sealed secret. */
    public record VaultRow(
            String token,
            String agentId,
            String category,
            String label,
            String accessPolicy,
            String allowedAgents,
            String targetDomains,
            String injectionTemplate,
            String ciphertext,
            long createdAt,
            Long expiresAt,
            Long revokedAt) {

        /** {@code revoked}, {@code expired} or {@code active} at {@code now}. */
        public String status(long now) {
            if (revokedAt != null) {
                return "revoked";
            }
            return expiresAt != null && expiresAt <= now ? "expired" : "active";
        }
    }

    /** Stores an entry. */
    public void add(Connection c, VaultRow r) throws SQLException {
        Jdbc.update(
                c,
                "INSERT INTO vault_entries (token, agent_id, category, label, access_policy, allowed_agents, target_domains, "
                        + "injection_template, ciphertext, created_at, expires_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                r.token(),
                r.agentId(),
                r.category(),
                r.label(),
                r.accessPolicy(),
                r.allowedAgents(),
                r.targetDomains(),
                r.injectionTemplate(),
                r.ciphertext(),
                r.createdAt(),
                Jdbc.nullable(r.expiresAt()),
                Jdbc.nullable(r.revokedAt()));
    }

    /** The entry of a token. */
    public Optional<VaultRow> find(Connection c, String token) throws SQLException {
        return Jdbc.query(c, "SELECT * FROM vault_entries WHERE token = ?", 1, VaultRepository::map, token).stream()
                .findFirst();
    }

    /** Marks a token revoked (once; a second revoke keeps the first time). */
    public void revoke(Connection c, String token, long now) throws SQLException {
        Jdbc.update(c, "UPDATE vault_entries SET revoked_at = ? WHERE token = ? AND revoked_at IS NULL", now, token);
    }

    /** Entries filtered by category and status, newest first. */
    public List<VaultRow> list(Connection c, String category, String status, int limit, long now) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT * FROM vault_entries WHERE 1 = 1");
        List<Object> params = new ArrayList<>();
        if (category != null) {
            sql.append(" AND category = ?");
            params.add(category);
        }
        if (status != null) {
            switch (status) {
                case "revoked" -> sql.append(" AND revoked_at IS NOT NULL");
                case "expired" -> {
                    sql.append(" AND revoked_at IS NULL AND expires_at IS NOT NULL AND expires_at <= ?");
                    params.add(now);
                }
                case "active" -> {
                    sql.append(" AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > ?)");
                    params.add(now);
                }
                default -> throw new IllegalArgumentException("status must be active, revoked or expired");
            }
        }
        sql.append(" ORDER BY created_at DESC, token");
        return Jdbc.query(c, sql.toString(), limit, VaultRepository::map, params.toArray());
    }

    /** How many entries are stored. */
    public long count(Connection c) throws SQLException {
        return Jdbc.scalar(c, "SELECT COUNT(*) FROM vault_entries");
    }

    private static VaultRow map(java.sql.ResultSet rs) throws SQLException {
        return new VaultRow(
                rs.getString("token"),
                rs.getString("agent_id"),
                rs.getString("category"),
                rs.getString("label"),
                rs.getString("access_policy"),
                rs.getString("allowed_agents"),
                rs.getString("target_domains"),
                rs.getString("injection_template"),
                rs.getString("ciphertext"),
                rs.getLong("created_at"),
                Jdbc.longOrNull(rs, "expires_at"),
                Jdbc.longOrNull(rs, "revoked_at"));
    }
}
