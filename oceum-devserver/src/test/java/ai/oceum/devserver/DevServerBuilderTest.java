package ai.oceum.devserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevServerBuilderTest {
    @TempDir
    Path dir;

    @Test
    void generatesAKeyWhenNoneIsGivenAndNeverPrintsItInToString() {
        DevServer server = DevServer.builder().inMemory().build();
        assertThat(server.apiKey()).startsWith("odk_").hasSizeGreaterThan(30);
        assertThat(server.config().apiKeyGenerated()).isTrue();
        assertThat(server.config().toString()).doesNotContain(server.apiKey()).contains("[redacted]");
        assertThat(DevServer.builder().inMemory().build().apiKey()).isNotEqualTo(server.apiKey());
    }

    @Test
    void defaultsToAnH2FileInTheDataDirectory() {
        DevServerConfig c = DevServer.builder().dataDir(dir).build().config();
        assertThat(c.jdbcUrl()).isEqualTo("jdbc:h2:file:" + dir.toAbsolutePath().resolve("oceum"));
        assertThat(c.host()).isEqualTo("127.0.0.1");
        assertThat(DevServer.builder().jdbcUrl("jdbc:h2:mem:x").build().config().dataDir())
                .isNull();
        assertThat(DevServer.builder()
                        .dataDir(dir)
                        .jdbcUrl("jdbc:postgresql://h/db?user=u&password=hunter2")
                        .build()
                        .config()
                        .toString())
                .contains("password=***")
                .doesNotContain("hunter2");
    }

    @Test
    void validatesEverySettingWithAClearMessage() {
        assertThatThrownBy(() -> DevServer.builder().port(70000)).hasMessageContaining("port must be 0 to 65535");
        assertThatThrownBy(() -> DevServer.builder().jdbcUrl("postgres://x"))
                .hasMessageContaining("must start with 'jdbc:'");
        assertThatThrownBy(() -> DevServer.builder().apiKey(" ")).hasMessageContaining("apiKey");
        assertThatThrownBy(() -> DevServer.builder().budgetUsd(new java.math.BigDecimal("-1")))
                .hasMessageContaining("budgetUsd");
        assertThatThrownBy(() -> DevServer.builder().retention(0)).hasMessageContaining("retention");
        assertThatThrownBy(() -> DevServer.builder().maxBodyBytes(10)).hasMessageContaining("maxBodyBytes");
        assertThatThrownBy(() -> DevServer.builder().vaultKey(new byte[5])).hasMessageContaining("16, 24 or 32");
        assertThatThrownBy(() -> DevServer.builder().priceTable(dir.resolve("missing.json")))
                .hasMessageContaining("missing.json");
        assertThatThrownBy(() -> DevServer.builder().chaos("nonsense")).hasMessageContaining("chaos");
        assertThatThrownBy(() -> DevServer.builder().threads(0)).hasMessageContaining("threads must be 1 to 256");
        assertThatThrownBy(() -> DevServer.builder().requestTimeout(java.time.Duration.ofMillis(5)))
                .hasMessageContaining("requestTimeout must be 100 ms to 10 minutes");
        assertThatThrownBy(() -> DevServer.builder().allowHost("evil.example:80"))
                .hasMessageContaining("without port");
        assertThatThrownBy(() -> DevServer.builder().allowHost("a b")).hasMessageContaining("allowHost");
    }

    @Test
    void startsOnceAndClosesIdempotently() {
        DevServer server = DevServer.builder().inMemory().build();
        assertThatThrownBy(server::baseUrl).hasMessageContaining("not started");
        server.start();
        try {
            assertThat(server.baseUrl()).matches("http://127\\.0\\.0\\.1:\\d+");
            assertThat(server.port()).isPositive();
            assertThat(server.dashboardUrl()).isEqualTo(server.baseUrl() + "/");
            assertThat(server.isLoopback()).isTrue();
            assertThat(DevServerMain.clientEnvironment(server, "a")).doesNotContain("OCEUM_ALLOW_INSECURE_HTTP");
            assertThatThrownBy(server::start).hasMessageContaining("already started");
        } finally {
            server.close();
            server.close();
        }
    }

    @Test
    void aBusyPortIsReportedClearly() {
        try (DevServer first = DevServer.builder().inMemory().build().start()) {
            DevServer second = DevServer.builder().inMemory().port(first.port()).build();
            assertThatThrownBy(second::start).hasMessageContaining("cannot listen on 127.0.0.1:" + first.port());
        }
    }
}
