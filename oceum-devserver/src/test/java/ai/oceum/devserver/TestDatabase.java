package ai.oceum.devserver;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The database the {@link DatabaseTest} classes run their dev servers on: an H2 in-memory database
 * in the default surefire execution, PostgreSQL in the {@code postgresql} execution (system
 * property {@value #PROPERTY}{@code =postgresql}), at {@value #URL_ENV}. Each
 * {@link #fresh()} database is empty: on PostgreSQL a schema of its own (the URL's
 * {@code currentSchema}), dropped when the database is closed or, for {@link #builder()}, when the
 * JVM exits. Thread-safe.
 */
public final class TestDatabase implements AutoCloseable {
    /** Which database the tests of this JVM use: {@code h2} (default) or {@code postgresql}. */
    public static final String PROPERTY = "oceum.devserver.test.database";
    /** The PostgreSQL to test on, for example {@code jdbc:postgresql://127.0.0.1:5432/oceum_test?user=u&password=p}. */
    public static final String URL_ENV = "OCEUM_TEST_POSTGRES_URL";
    /** {@code true} in CI: without {@value #URL_ENV} the PostgreSQL tests fail instead of being skipped. */
    public static final String REQUIRED_ENV = "OCEUM_TEST_POSTGRES_REQUIRED";

    private static final AtomicInteger COUNT = new AtomicInteger();
    private static final List<TestDatabase> LEFT_OPEN = new CopyOnWriteArrayList<>();
    private static final AtomicBoolean HOOK = new AtomicBoolean();
    private static final AtomicBoolean WARNED = new AtomicBoolean();

    private final String url;
    private final String schema;
    private final AtomicBoolean closed = new AtomicBoolean();

    private TestDatabase(String url, String schema) {
        this.url = url;
        this.schema = schema;
    }

    /** Whether this JVM's tests run on PostgreSQL. */
    public static boolean postgres() {
        return "postgresql".equalsIgnoreCase(System.getProperty(PROPERTY, "h2"));
    }

    /** A name for reports: {@code H2} or {@code PostgreSQL}. */
    public static String name() {
        return postgres() ? "PostgreSQL" : "H2";
    }

    /** A new empty database; close it to drop it. */
    public static TestDatabase fresh() {
        if (!postgres()) {
            // Kept while the JVM lives (DB_CLOSE_DELAY=-1) so that a second server finds it; close() drops it.
            return new TestDatabase("jdbc:h2:mem:test-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", null);
        }
        String base = postgresUrl();
        String schema = "t" + COUNT.incrementAndGet() + "_"
                + UUID.randomUUID().toString().substring(0, 8);
        try (Connection c = DriverManager.getConnection(base);
                Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "cannot create a schema in the test PostgreSQL (" + URL_ENV + "): " + e.getMessage(), e);
        }
        return new TestDatabase(base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema, schema);
    }

    /**
     * A dev server builder on a new empty database, with nothing on disk (as
     * {@code DevServer.builder().inMemory()}): the database is dropped when the JVM exits.
     */
    public static DevServerBuilder builder() {
        if (!postgres()) {
            return DevServer.builder().inMemory();
        }
        TestDatabase db = fresh();
        LEFT_OPEN.add(db);
        if (HOOK.compareAndSet(false, true)) {
            Runtime.getRuntime()
                    .addShutdownHook(new Thread(() -> LEFT_OPEN.forEach(TestDatabase::close), "drop-test-schemas"));
        }
        return db.serverBuilder();
    }

    /** The JDBC URL of this database. */
    public String url() {
        return url;
    }

    /** A builder on this database, with an in-memory vault key; call it again for a restart on the same data. */
    public DevServerBuilder serverBuilder() {
        return DevServer.builder().inMemory().jdbcUrl(url);
    }

    /** Drops the database. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try (Connection c = DriverManager.getConnection(schema == null ? url : postgresUrl());
                Statement s = c.createStatement()) {
            if (schema == null) {
                s.execute("SHUTDOWN");
            } else {
                s.execute("SET lock_timeout = '5s'");
                s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        } catch (SQLException e) {
            // A database left behind by a failed test: the throwaway cluster goes with CI's machine.
        }
    }

    private static String postgresUrl() {
        String url = System.getenv(URL_ENV);
        if (url == null || url.isBlank()) {
            throw new IllegalStateException(URL_ENV + " is not set (the PostgreSQL tests should have been skipped)");
        }
        return url.strip();
    }

    /**
     * Skips a {@link DatabaseTest} class in the PostgreSQL execution when no PostgreSQL is given,
     * with a message saying how to give one, or fails it when {@value #REQUIRED_ENV} is true.
     */
    static final class Condition implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            if (!postgres()) {
                return ConditionEvaluationResult.enabled("on H2");
            }
            String url = System.getenv(URL_ENV);
            if (url != null && !url.isBlank()) {
                return ConditionEvaluationResult.enabled("on PostgreSQL");
            }
            String how =
                    "set " + URL_ENV + "=jdbc:postgresql://<host>:<port>/<database>?user=<user>&password=<password> "
                            + "(an empty database the user may create schemas in; .ci/run starts a throwaway PostgreSQL and sets it)";
            if ("true".equals(String.valueOf(System.getenv(REQUIRED_ENV)).toLowerCase(Locale.ROOT))) {
                throw new IllegalStateException(REQUIRED_ENV + " is true but " + URL_ENV + " is not set: " + how);
            }
            if (WARNED.compareAndSet(false, true)) {
                System.err.println("[oceum-devserver] The dev server's PostgreSQL tests are SKIPPED: " + how);
            }
            return ConditionEvaluationResult.disabled("PostgreSQL tests skipped: " + how);
        }
    }
}
