package ai.oceum.devserver.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One JDBC connection behind a lock: the dev server's load is small, and one writer at a time
 * makes de-duplication and read-modify-write updates (usage totals, task ends) race-free on any
 * database without dialect-specific upserts.
 */
public final class Database implements AutoCloseable {
    private final Connection connection;
    private final ReentrantLock lock = new ReentrantLock();
    private final String url;

    private Database(Connection connection, String url) {
        this.connection = connection;
        this.url = url;
    }

    /**
     * Opens the database and creates the tables that are missing.
     *
     * @throws IllegalStateException with the URL (never credentials) when it cannot be opened
     */
    public static Database open(String jdbcUrl) {
        try {
            Connection c = DriverManager.getConnection(jdbcUrl);
            c.setAutoCommit(false);
            Database db = new Database(c, jdbcUrl);
            db.inTransaction(Schema::create);
            return db;
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "cannot open the dev server database " + redact(jdbcUrl) + ": " + e.getMessage(), e);
        }
    }

    /** Work that runs inside one transaction. */
    @FunctionalInterface
    public interface Work<T> {
        /** Runs with the connection; throwing rolls everything back. */
        T run(Connection c) throws SQLException;
    }

    /** Runs {@code work} in a transaction: committed when it returns, rolled back when it throws. */
    public <T> T inTransaction(Work<T> work) {
        lock.lock();
        try {
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException e) {
                rollback();
                throw new StoreException("database error: " + e.getMessage(), e);
            } catch (RuntimeException | Error e) {
                rollback();
                throw e;
            }
        } finally {
            lock.unlock();
        }
    }

    /** The URL without credentials, for messages. */
    public String describe() {
        return redact(url);
    }

    private void rollback() {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // The original failure is the one worth reporting.
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            if (!connection.isClosed()) {
                connection.close();
            }
        } catch (SQLException ignored) {
            // Closing on shutdown: nothing left to do with a failure.
        } finally {
            lock.unlock();
        }
    }

    /** Hides password parameters in a JDBC URL, for anything printed or logged. */
    public static String redact(String url) {
        return url == null ? null : url.replaceAll("(?i)(password=)[^;&]*", "$1***");
    }
}
