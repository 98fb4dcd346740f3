package ai.oceum.devserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Storage on disk: restart keeps history, retention trims it, the vault is encrypted at rest. */
class PersistenceTest {
    private static final String SECRET = "pw-Sup3rSecret-on-disk";

    @TempDir
    Path dir;

    private DevServer start() {
        return DevServer.builder().dataDir(dir).apiKey("k").build().start();
    }

    @Test
    void restartOnTheSameDirectoryKeepsHistoryAndVault() {
        String token;
        try (DevServer server = start()) {
            Api api = new Api(server);
            api.event("{\"event\":\"heartbeat\",\"agentId\":\"persist\",\"data\":{}}");
            api.event("{\"event\":\"usage\",\"agentId\":\"persist\",\"data\":{\"model\":\"gpt-4o\",\"tokensInput\":100,\"tokensOutput\":10}}");
            api.event("{\"event\":\"memory\",\"agentId\":\"persist\",\"data\":{\"content\":\"remember me\",\"tags\":[\"t\"]}}");
            token = api.event("{\"event\":\"vault_store\",\"agentId\":\"persist\",\"data\":{\"data\":\"" + SECRET + "\"}}").text("token");
            api.event("{\"event\":\"task_complete\",\"agentId\":\"persist\",\"data\":{\"taskName\":\"x\"}}", "Idempotency-Key", "once");
        }
        try (DevServer server = start()) {
            Api api = new Api(server);
            JsonNode d = api.dashboard();
            assertThat(d.get("agents").get(0).get("agentId").asText()).isEqualTo("persist");
            assertThat(d.get("totals").get("events").asLong()).isEqualTo(4);
            assertThat(d.get("usage").get(0).get("tokensInput").asLong()).isEqualTo(100);
            assertThat(api.get("/api/memory?tag=t", true).body().get("entries").get(0).get("content").asText()).isEqualTo("remember me");
            Api.Reply secret = api.event("{\"event\":\"vault_retrieve\",\"agentId\":\"persist\",\"data\":{\"token\":\"" + token + "\"}}");
            assertThat(secret.text("data")).isEqualTo(SECRET);
            Api.Reply replay = api.event("{\"event\":\"task_complete\",\"agentId\":\"persist\",\"data\":{\"taskName\":\"x\"}}",
                    "Idempotency-Key", "once");
            assertThat(replay.raw().headers().firstValue("Idempotent-Replayed")).contains("true");
        }
    }

    @Test
    void vaultKeyFileIsOwnerOnlyAndTheDatabaseHoldsNoPlaintext() throws Exception {
        try (DevServer server = start()) {
            new Api(server).event("{\"event\":\"vault_store\",\"agentId\":\"a\",\"data\":{\"data\":\"" + SECRET + "\"}}");
        }
        Path key = dir.resolve("vault.key");
        assertThat(key).exists();
        if (key.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
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
        // Not PostgreSQL itself, but H2 emulating its dialect: catches H2-only syntax early.
        String url = "jdbc:h2:mem:pg-" + System.nanoTime() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
        try (DevServer server = DevServer.builder().jdbcUrl(url).apiKey("k").retention(3).build().start()) {
            Api api = new Api(server);
            for (String e : new String[] {
                "{\"event\":\"heartbeat\",\"agentId\":\"pg\",\"data\":{}}",
                "{\"event\":\"task_start\",\"agentId\":\"pg\",\"data\":{\"taskName\":\"t\",\"taskId\":\"1\"}}",
                "{\"event\":\"task_complete\",\"agentId\":\"pg\",\"data\":{\"taskName\":\"t\",\"taskId\":\"1\"}}",
                "{\"event\":\"error\",\"agentId\":\"pg\",\"data\":{\"message\":\"m\"}}",
                "{\"event\":\"usage\",\"agentId\":\"pg\",\"data\":{\"model\":\"gpt-4o\",\"tokensInput\":1,\"tokensOutput\":1}}",
                "{\"event\":\"memory\",\"agentId\":\"pg\",\"data\":{\"content\":\"c\",\"tags\":[\"x\"]}}",
                "{\"event\":\"vault_store\",\"agentId\":\"pg\",\"data\":{\"data\":\"s\"}}"}) {
                assertThat(api.event(e).status()).as(e).isEqualTo(200);
            }
            assertThat(api.get("/api/memory?tag=x", true).body().get("count").asInt()).isEqualTo(1);
            assertThat(api.get("/api/vault?status=active", true).body().get("count").asInt()).isEqualTo(1);
            JsonNode d = api.dashboard();
            assertThat(d.get("totals").get("events").asLong()).isEqualTo(3);
            assertThat(d.get("taskSummaries").get(0).get("succeeded").asLong()).isEqualTo(1);
        }
    }

    @Test
    void retentionKeepsOnlyTheNewestRows() {
        try (DevServer server = DevServer.builder().inMemory().apiKey("k").retention(5).build().start()) {
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
