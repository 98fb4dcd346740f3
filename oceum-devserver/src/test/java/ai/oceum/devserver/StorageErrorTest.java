package ai.oceum.devserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A database failure is answered 500 with what to do, never with the database's message (before
 * the fix: "storage failed: Value too long for column "STATUS CHARACTER VARYING(3)" … SQL
 * statement: UPDATE agents SET status = ? …", schema and SQL handed to any caller).
 */
class StorageErrorTest {
    @Test
    void aDatabaseFailureIsAnswered500WithoutSqlOrSchema() throws Exception {
        String url = "jdbc:h2:mem:broken-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        try (DevServer server =
                        DevServer.builder().jdbcUrl(url).apiKey("k").build().start();
                Connection side = DriverManager.getConnection(url);
                Statement st = side.createStatement()) {
            Api api = new Api(server);
            api.event("{\"event\":\"heartbeat\",\"agentId\":\"a\",\"data\":{}}");
            // Break the schema under the running server, as a disk or a migration gone wrong would.
            st.execute("ALTER TABLE agents ALTER COLUMN status SET DATA TYPE VARCHAR(3)");
            st.execute("DROP TABLE memory_tags");
            st.execute("DROP TABLE memories");

            for (Api.Reply r : new Api.Reply[] {
                api.event("{\"event\":\"status\",\"agentId\":\"a\",\"data\":{\"status\":\"busy-busy\"}}"),
                api.event("{\"event\":\"memory\",\"agentId\":\"a\",\"data\":{\"content\":\"c\"}}"),
                api.get("/api/memory", true)
            }) {
                assertThat(r.status()).isEqualTo(500);
                assertThat(r.text("error"))
                        .isEqualTo("the dev server's database failed on this request; nothing of it was stored "
                                + "(the server's log says why)");
                assertThat(r.raw().body().toUpperCase(Locale.ROOT))
                        .doesNotContain("SQL")
                        .doesNotContain("STATUS")
                        .doesNotContain("AGENTS")
                        .doesNotContain("MEMORIES")
                        .doesNotContain("VARCHAR")
                        .doesNotContain("CHARACTER")
                        .doesNotContain("TABLE")
                        .doesNotContain("BUSY-BUSY");
            }
        }
    }
}
