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
        DevServerConfig c = DevServerMain.parse(new String[] {"--port", "0", "--host=127.0.0.1", "--in-memory", "--api-key", "k1",
            "--budget-usd", "2.5", "--retention", "10", "--chaos", "429=0.1,latency=5ms", "--vault-proxy-allow-private"}, out)
                .build().config();
        assertThat(c.port()).isZero();
        assertThat(c.apiKey()).isEqualTo("k1");
        assertThat(c.budgetUsd()).hasValue(new java.math.BigDecimal("2.5"));
        assertThat(c.retention()).isEqualTo(10);
        assertThat(c.chaos().statusShares()).containsEntry(429, 0.1);
        assertThat(c.vaultProxyAllowPrivate()).isTrue();
        assertThat(c.dataDir()).isNull();
    }

    @Test
    void defaultsToPort7070() {
        assertThat(DevServerMain.parse(new String[] {"--in-memory"}, out).build().config().port()).isEqualTo(DevServerMain.DEFAULT_PORT);
    }

    @Test
    void helpPrintsUsage() {
        assertThat(DevServerMain.parse(new String[] {"--help"}, out)).isNull();
        assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("--data-dir", "--chaos", "OCEUM_DEVSERVER_VAULT_KEY");
    }

    @Test
    void badOptionsAreNamed() {
        assertThatThrownBy(() -> DevServerMain.parse(new String[] {"--prot", "1"}, out)).hasMessageContaining("unknown option '--prot'");
        assertThatThrownBy(() -> DevServerMain.parse(new String[] {"--port"}, out)).hasMessageContaining("--port needs a value");
        assertThatThrownBy(() -> DevServerMain.parse(new String[] {"--bogus"}, out)).hasMessageContaining("unknown option '--bogus'");
        assertThatThrownBy(() -> DevServerMain.parse(new String[] {"stray"}, out)).hasMessageContaining("unexpected argument 'stray'");
        assertThatThrownBy(() -> DevServerMain.parse(new String[] {"--port", "x"}, out)).hasMessageContaining("whole number");
    }

    @Test
    void bannerShowsTheUrlAndTheKeyToUse() {
        try (DevServer server = DevServer.builder().inMemory().build().start()) {
            DevServerMain.printBanner(server, out);
        }
        String banner = bytes.toString(StandardCharsets.UTF_8);
        assertThat(banner).contains("dashboard  http://127.0.0.1:").contains("OCEUM_API_KEY=odk_").contains("(generated");
    }
}
