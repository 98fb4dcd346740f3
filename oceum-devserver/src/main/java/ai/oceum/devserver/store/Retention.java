package ai.oceum.devserver.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Keeps a history table to its newest {@code max} rows by deleting the lowest ids, with plain
 * SQL that runs on H2 and PostgreSQL alike. Ids are identity values, so "newest" is "highest".
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
        // MIN/MAX of the identity key are read from the index ends; COUNT(*) inside a write
        // transaction walks the table in H2, and it ran on every insert: the server slowed from
        // ~550 to ~220 events/s as history grew (docs/benchmarks.md, "Findings").
        long oldestKept;
        try (PreparedStatement ps = c.prepareStatement("SELECT MIN(id), MAX(id) FROM " + table);
                ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                return 0;
            }
            long min = rs.getLong(1);
            long newest = rs.getLong(2);
            if (rs.wasNull() || newest - min + 1 <= max) {
                return 0; // ids are increasing: at most max rows, whatever gaps deletions left
            }
            oldestKept = newest - max + 1;
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE id < ?")) {
            ps.setLong(1, oldestKept);
            return ps.executeUpdate();
        }
    }
}
