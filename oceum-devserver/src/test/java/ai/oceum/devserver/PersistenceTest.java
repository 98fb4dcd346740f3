package ai.oceum.devserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Storage on disk: restart keeps history, retention trims it, the vault is encrypted at rest. */
@DatabaseTest
class PersistenceTest {
    private static final String SECRET = "pw-Sup3rSecret-on-disk";

    private static final byte[] VAULT_KEY = new byte[32];

    @TempDir
    Path dir;

    /**
     * A server on the test's database, the same one on every call: an H2 file in the data directory,
     * or the PostgreSQL schema of this test (with a fixed vault key, as the data directory's key file would be).
     */
    private DevServer start() {
        if (!TestDatabase.postgres()) {
            return DevServer.builder().dataDir(dir).apiKey("k").build().start();
        }
        if (pg == null) {
            pg = TestDatabase.fresh();
        }
        return pg.serverBuilder().vaultKey(VAULT_KEY).apiKey("k").build().start();
    }

    private TestDatabase pg;

    @AfterEach
    void dropDatabase() {
        if (pg != null) {
            pg.close();
        }
    }

    @Test
    void restartOnTheSameDirectoryKeepsHistoryAndVault() {
        String token;
        try (DevServer server = start()) {
            Api api = new Api(server);
            api.event("{\"event\":\"heartbeat\",\"agentId\":\"persist\",\"data\":{}}");
            api.event(
                    "{\"event\":\"usage\",\"agentId\":\"persist\",\"data\":{\"model\":\"gpt-4o\",\"tokensInput\":100,\"tokensOutput\":10}}");
            api.event(
                    "{\"event\":\"memory\",\"agentId\":\"persist\",\"data\":{\"content\":\"remember me\",\"tags\":[\"t\"]}}");
            token = api.event("{\"event\":\"vault_store\",\"agentId\":\"persist\",\"data\":{\"data\":\"" + SECRET
                            + "\"}}")
                    .text("token");
            api.event(
                    "{\"event\":\"task_complete\",\"agentId\":\"persist\",\"data\":{\"taskName\":\"x\"}}",
                    "Idempotency-Key",
                    "once");
        }
        try (DevServer server = start()) {
            Api api = new Api(server);
            JsonNode d = api.dashboard();
            assertThat(d.get("agents").get(0).get("agentId").asText()).isEqualTo("persist");
            assertThat(d.get("totals").get("events").asLong()).isEqualTo(4);
            assertThat(d.get("usage").get(0).get("tokensInput").asLong()).isEqualTo(100);
            assertThat(api.get("/api/memory?tag=t", true)
                            .body()
                            .get("entries")
                            .get(0)
                            .get("content")
                            .asText())
                    .isEqualTo("remember me");
            Api.Reply secret = api.event(
                    "{\"event\":\"vault_retrieve\",\"agentId\":\"persist\",\"data\":{\"token\":\"" + token + "\"}}");
            assertThat(secret.text("data")).isEqualTo(SECRET);
            Api.Reply replay = api.event(
                    "{\"event\":\"task_complete\",\"agentId\":\"persist\",\"data\":{\"taskName\":\"x\"}}",
                    "Idempotency-Key",
                    "once");
            assertThat(replay.raw().headers().firstValue("Idempotent-Replayed")).contains("true");
        }
    }

    @Test
    void theDatabaseHoldsNoPlaintextSecret() throws Exception {
        try (DevServer server = start()) {
            new Api(server)
                    .event("{\"event\":\"vault_store\",\"agentId\":\"a\",\"data\":{\"data\":\"" + SECRET + "\"}}");
            String url = server.config().jdbcUrl();
            server.close();
            try (java.sql.Connection c = java.sql.DriverManager.getConnection(url);
                    java.sql.Statement st = c.createStatement();
                    java.sql.ResultSet rs = st.executeQuery("SELECT * FROM vault_entries")) {
                int rows = 0;
                while (rs.next()) {
                    rows++;
                    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                        assertThat(String.valueOf(rs.getObject(i))).doesNotContain(SECRET);
                    }
                }
                assertThat(rows).isEqualTo(1);
            }
        }
    }

    @Test
    void vaultKeyFileIsOwnerOnlyAndTheDatabaseFileHoldsNoPlaintext() throws Exception {
        assumeFalse(TestDatabase.postgres(), "about the H2 file and the key file of the data directory");
        try (DevServer server = start()) {
            new Api(server)
                    .event("{\"event\":\"vault_store\",\"agentId\":\"a\",\"data\":{\"data\":\"" + SECRET + "\"}}");
        }
        Path key = dir.resolve("vault.key");
        assertThat(key).exists();
        if (key.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key)))
                    .isEqualTo("rw-------");
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".db")).toList()) {
                String content = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                assertThat(content).doesNotContain(SECRET);
            }
        }
    }

    @Test
    void theSqlAlsoRunsInH2sPostgreSqlMode() {
        assumeFalse(TestDatabase.postgres(), "H2 emulating PostgreSQL: the PostgreSQL execution has the real one");
        // Not PostgreSQL itself, but H2 emulating its dialect: catches H2-only syntax early.
        String url = "jdbc:h2:mem:pg-" + System.nanoTime()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
        try (DevServer server = DevServer.builder()
                .jdbcUrl(url)
                .apiKey("k")
                .retention(3)
                .build()
                .start()) {
            Api api = new Api(server);
            for (String e : new String[] {
                "{\"event\":\"heartbeat\",\"agentId\":\"pg\",\"data\":{}}",
                "{\"event\":\"task_start\",\"agentId\":\"pg\",\"data\":{\"taskName\":\"t\",\"taskId\":\"1\"}}",
                "{\"event\":\"task_complete\",\"agentId\":\"pg\",\"data\":{\"taskName\":\"t\",\"taskId\":\"1\"}}",
                "{\"event\":\"error\",\"agentId\":\"pg\",\"data\":{\"message\":\"m\"}}",
                "{\"event\":\"usage\",\"agentId\":\"pg\",\"data\":{\"model\":\"gpt-4o\",\"tokensInput\":1,\"tokensOutput\":1}}",
                "{\"event\":\"memory\",\"agentId\":\"pg\",\"data\":{\"content\":\"c\",\"tags\":[\"x\"]}}",
                "{\"event\":\"vault_store\",\"agentId\":\"pg\",\"data\":{\"data\":\"s\"}}"
            }) {
                assertThat(api.event(e).status()).as(e).isEqualTo(200);
            }
            assertThat(api.get("/api/memory?tag=x", true).body().get("count").asInt())
                    .isEqualTo(1);
            assertThat(api.get("/api/vault?status=active", true)
                            .body()
                            .get("count")
                            .asInt())
                    .isEqualTo(1);
            JsonNode d = api.dashboard();
            assertThat(d.get("totals").get("events").asLong()).isEqualTo(3);
            assertThat(d.get("taskSummaries").get(0).get("succeeded").asLong()).isEqualTo(1);
        }
    }

    @Test
    void aDatabaseMadeByAnOlderServerGetsTheNewColumnsAndDecimalMoney() throws Exception {
        // The tables as the first release made them: money in DOUBLE PRECISION, fewer columns.
        if (TestDatabase.postgres()) {
            pg = TestDatabase.fresh();
        }
        String url = TestDatabase.postgres() ? pg.url() : "jdbc:h2:file:" + dir.resolve("oceum");
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(url);
                java.sql.Statement st = c.createStatement()) {
            st.execute(
                    "CREATE TABLE agents (agent_id VARCHAR(200) PRIMARY KEY, status VARCHAR(200), first_seen BIGINT NOT NULL, "
                            + "last_seen BIGINT NOT NULL, last_heartbeat BIGINT, heartbeat_interval_ms BIGINT, "
                            + "heartbeats BIGINT DEFAULT 0 NOT NULL, event_count BIGINT DEFAULT 0 NOT NULL)");
            st.execute(
                    "CREATE TABLE errors (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, agent_id VARCHAR(200) NOT NULL, "
                            + "error_type VARCHAR(500), message VARCHAR(8000) NOT NULL, stack_trace VARCHAR(100000), task_name VARCHAR(1000), "
                            + "occurred_at BIGINT NOT NULL)");
            st.execute(
                    "CREATE TABLE usage_totals (agent_id VARCHAR(200) NOT NULL, model VARCHAR(200) NOT NULL, calls BIGINT NOT NULL, "
                            + "tokens_in BIGINT NOT NULL, tokens_out BIGINT NOT NULL, cost_usd DOUBLE PRECISION NOT NULL, "
                            + "PRIMARY KEY (agent_id, model))");
            st.execute("INSERT INTO agents VALUES ('old', NULL, 1, 1, 1, 60000, 2, 3)");
            st.execute(
                    "INSERT INTO errors (agent_id, error_type, message, occurred_at) VALUES ('old', 'E', 'from before', 1)");
            st.execute("INSERT INTO usage_totals VALUES ('old', 'gpt-4o-mini', 2, 200, 46, " + (0.000021 + 0.0000366)
                    + ")");
            // Tasks from before the trace view: no run label. A tree, and an orphan with a child of its own.
            st.execute(
                    "CREATE TABLE tasks (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, agent_id VARCHAR(200) NOT NULL, "
                            + "task_id VARCHAR(200), parent_task_id VARCHAR(200), name VARCHAR(1000) NOT NULL, status VARCHAR(20) NOT NULL, "
                            + "started_at BIGINT, ended_at BIGINT, duration_ms BIGINT)");
            st.execute(
                    "INSERT INTO tasks (agent_id, task_id, parent_task_id, name, status, started_at, ended_at, duration_ms) VALUES "
                            + "('old', 'g', 'c', 'grandchild', 'succeeded', 30, 40, 10), ('old', 'r', NULL, 'root', 'succeeded', 10, 90, 80), "
                            + "('old', 'c', 'r', 'child', 'succeeded', 20, 50, 30), ('old', 'oc', 'o', 'orphans-child', 'succeeded', 60, 70, 10), "
                            + "('old', 'o', 'gone', 'orphan', 'succeeded', 55, 80, 25)");
        }
        try (DevServer server = start()) {
            Api api = new Api(server);
            assertThat(api.get("/api/dashboard", false).raw().body()).contains("\"costUsd\":0.0000576}");
            assertThat(api.dashboard().get("errors").get(0).get("message").asText())
                    .isEqualTo("from before");
            api.event(
                    "{\"event\":\"usage\",\"agentId\":\"old\",\"data\":{\"model\":\"gpt-4o-mini\",\"tokensInput\":100,\"tokensOutput\":10}}");
            api.event("{\"event\":\"heartbeat\",\"agentId\":\"old\",\"data\":{}}");
            JsonNode d = api.dashboard();
            assertThat(d.get("usage").get(0).get("costUsd").decimalValue()).isEqualByComparingTo("0.0000786");
            assertThat(d.get("agents").get(0).get("heartbeatIntervalMs").isNull())
                    .isTrue(); // a new run: measured afresh
            // The old tasks are labelled by run at start: their trees open as traces.
            JsonNode tree = api.get("/api/trace?agentId=old&taskId=g", false).body();
            assertThat(tree.get("tasks").findValuesAsText("name")).containsExactly("root", "child", "grandchild");
            assertThat(tree.get("tasks").findValuesAsText("depth")).containsExactly("0", "1", "2");
            JsonNode orphan = api.get("/api/trace?agentId=old&taskId=oc", false).body();
            assertThat(orphan.get("tasks").findValuesAsText("name")).containsExactly("orphan", "orphans-child");
            assertThat(orphan.get("tasks").get(0).get("orphan").asText())
                    .contains("its parent task gone has not been reported");
        }
    }

    @Test
    void retentionKeepsOnlyTheNewestRows() {
        try (DevServer server =
                TestDatabase.builder().apiKey("k").retention(5).build().start()) {
            Api api = new Api(server);
            for (int i = 0; i < 12; i++) {
                api.event("{\"event\":\"error\",\"agentId\":\"r\",\"data\":{\"message\":\"e" + i + "\"}}");
            }
            JsonNode d = api.dashboard();
            assertThat(d.get("totals").get("events").asLong()).isEqualTo(5);
            assertThat(d.get("totals").get("errors").asLong()).isEqualTo(5);
            assertThat(d.get("errors").findValuesAsText("message")).containsExactly("e11", "e10", "e9", "e8", "e7");
        }
    }
}
