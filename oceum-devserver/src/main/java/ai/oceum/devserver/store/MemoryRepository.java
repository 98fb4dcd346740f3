package ai.oceum.devserver.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** Shared memory: entries with tags, read newest first by tag. */
public final class MemoryRepository {
    private final Retention retention;

    /** A repository kept within {@code retention}. */
    public MemoryRepository(Retention retention) {
        this.retention = retention;
    }

    /** One entry; {@code tagsJson} and {@code metaJson} are JSON texts. */
    public record MemoryRow(
            long id, String agentId, String content, String tagsJson, String metaJson, long createdAt) {}

    /** Writes an entry and its tags; returns its id. */
    public long add(
            Connection c,
            String agentId,
            String content,
            List<String> tags,
            String tagsJson,
            String metaJson,
            long createdAt)
            throws SQLException {
        long id = Jdbc.insert(
                c,
                "INSERT INTO memories (agent_id, content, tags, meta, created_at) VALUES (?, ?, ?, ?, ?)",
                agentId,
                content,
                tagsJson,
                metaJson,
                createdAt);
        for (String tag : tags) {
            Jdbc.update(c, "INSERT INTO memory_tags (memory_id, tag) VALUES (?, ?)", id, tag);
        }
        retention.enforce(c, "memories");
        return id;
    }

    /** The newest entries, with {@code tag} when not null. */
    public List<MemoryRow> read(Connection c, String tag, int limit) throws SQLException {
        if (tag == null) {
            return Jdbc.query(c, "SELECT * FROM memories ORDER BY id DESC", limit, MemoryRepository::map);
        }
        return Jdbc.query(
                c,
                "SELECT * FROM memories WHERE id IN (SELECT memory_id FROM memory_tags WHERE tag = ?) ORDER BY id DESC",
                limit,
                MemoryRepository::map,
                tag);
    }

    /** How many entries are kept. */
    public long count(Connection c) throws SQLException {
        return Jdbc.scalar(c, "SELECT COUNT(*) FROM memories");
    }

    private static MemoryRow map(java.sql.ResultSet rs) throws SQLException {
        return new MemoryRow(
                rs.getLong("id"),
                rs.getString("agent_id"),
                rs.getString("content"),
                rs.getString("tags"),
                rs.getString("meta"),
                rs.getLong("created_at"));
    }
}
