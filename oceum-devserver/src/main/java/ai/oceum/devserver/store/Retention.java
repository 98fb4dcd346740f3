package ai.oceum.devserver.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Keeps a history table at most {@code max} rows by deleting the oldest (lowest ids), with
 * standard {@code OFFSET … FETCH FIRST} so it runs on H2 and PostgreSQL alike.
 */
public final class Retention {
    private final int max;

    /** A limit of {@code max} rows per table. */
    public Retention(int max) {
        this.max = max;
    }

    /** Deletes the rows of {@code table} beyond the newest {@code max}; returns how many. */
    int enforce(Connection c, String table) throws SQLException {
        if (!Schema.RETAINED_TABLES.contains(table)) {
            throw new IllegalArgumentException("no retention for " + table);
        }
        long count;
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + table);
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            count = rs.getLong(1);
        }
        if (count <= max) {
            return 0;
        }
        long oldestKept;
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id FROM " + table + " ORDER BY id DESC OFFSET " + (max - 1) + " ROWS FETCH FIRST 1 ROWS ONLY");
                ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                return 0;
            }
            oldestKept = rs.getLong(1);
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE id < ?")) {
            ps.setLong(1, oldestKept);
            return ps.executeUpdate();
        }
    }
}
