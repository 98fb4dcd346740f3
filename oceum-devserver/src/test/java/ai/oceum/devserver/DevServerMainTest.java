package ai.oceum.devserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DevServerMainTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    @Test
    void readsEveryOption() {
        DevServerConfig c = DevServerMain.parse(
                        new String[] {
                            "--port",
                            "0",
                            "--host=127.0.0.1",
                            "--in-memory",
                            "--api-key",
                            "k1",
                            "--budget-usd",
                            "2.5",
                            "--retention",
                            "10",
                            "--chaos",
                            "429=0.1,latency=5ms",
                            "--vault-proxy-allow-private",
                            "--allow-host",
                            "devbox.local",
                            "--allow-host=ci.example,10.0.0.7"
                        },
                        out)
                .build()
                .config();
        assertThat(c.port()).isZero();
        assertThat(c.apiKey()).isEqualTo("k1");
        assertThat(c.budgetUsd()).hasValue(new java.math.BigDecimal("2.5"));
        assertThat(c.retention()).isEqualTo(10);
        assertThat(c.chaos().statusShares()).containsEntry(429, 0.1);
        assertThat(c.vaultProxyAllowPrivate()).isTrue();
        assertThat(c.dataDir()).isNull();
        assertThat(c.allowedHosts()).containsExactly("devbox.local", "ci.example", "10.0.0.7");
    }

    @Test
    void defaultsToPort7070() {
        assertThat(DevServerMain.parse(new String[] {"--in-memory"}, out)
                        .build()
                        .config()
                        .port())
                .isEqualTo(DevServerMain.DEFAULT_PORT);
    }

    @Test
    void helpPrintsUsage() {
        assertThat(DevServerMain.parse(new String[] {"--help"}, out)).isNull();
        assertThat(bytes.toString(StandardCharsets.UTF_8))
                .contains("--data-dir", "--chaos", "OCEUM_DEVSERVER_VAULT_KEY");
    }

    @Test
    void badOptionsAreNamed() {
        assertThatThrownBy(() -> DevServerMain.parse(new String[] {"--prot", "1"}, out))
                .hasMessageContaining("unknown option '--prot'");
        assertThatThrownBy(() -> DevServerMain.parse(new String[] {"--port"}, out))
                .hasMessageContaining("--port needs a value");
        assertThatThrownBy(() -> DevServerMain.parse(new String[] {"--bogus"}, out))
                .hasMessageContaining("unknown option '--bogus'");
        assertThatThrownBy(() -> DevServerMain.parse(new String[] {"stray"}, out))
                .hasMessageContaining("unexpected argument 'stray'");
        assertThatThrownBy(() -> DevServerMain.parse(new String[] {"--port", "x"}, out))
                .hasMessageContaining("whole number");
    }

    @Test
    void bannerShowsTheUrlAndTheKeyToUse() {
        try (DevServer server = DevServer.builder().inMemory().build().start()) {
            DevServerMain.printBanner(server, out);
        }
        String banner = bytes.toString(StandardCharsets.UTF_8);
        assertThat(banner)
                .contains("dashboard  http://127.0.0.1:")
                .contains("OCEUM_API_KEY=odk_")
                .contains("(generated");
    }

    @Test
    void followingThePointAnAgentAtItLineGivesAWorkingClient() throws Exception {
        try (DevServer server = DevServer.builder().inMemory().build().start()) {
            DevServerMain.printBanner(server, out);
            String export = bytes.toString(StandardCharsets.UTF_8)
                    .lines()
                    .filter(l -> l.strip().startsWith("export "))
                    .findFirst()
                    .orElseThrow()
                    .strip()
                    .substring("export ".length());
            assertThat(export).contains("OCEUM_BASE_URL=", "OCEUM_API_KEY=", "OCEUM_AGENT_ID=");
            java.util.List<String> set = new java.util.ArrayList<>();
            try {
                for (String pair : export.split(" ")) {
                    String[] kv = pair.split("=", 2);
                    String property =
                            kv[0].toLowerCase(java.util.Locale.ROOT).replace('_', '.'); // as Oceum.fromEnv() reads them
                    System.setProperty(property, kv[1]);
                    set.add(property);
                }
                try (ai.oceum.Oceum oceum = ai.oceum.Oceum.fromEnv()) {
                    assertThat(oceum.heartbeat()
                                    .get(10, java.util.concurrent.TimeUnit.SECONDS)
                                    .ok())
                            .isTrue();
                }
            } finally {
                set.forEach(System::clearProperty);
            }
            assertThat(new Api(server)
                            .dashboard()
                            .get("agents")
                            .get(0)
                            .get("agentId")
                            .asText())
                    .isEqualTo("my-agent");
        }
    }
}
