package ai.oceum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.oceum.internal.config.ConfigSource;
import ai.oceum.internal.config.Settings;
import ai.oceum.testing.LogCapture;
import ai.oceum.testing.TestClients;
import ai.oceum.testing.TestReceiver;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Configuration: validation messages, environment and system properties, fromEnv and the global client. */
class OceumBuilderTest {

    private static OceumBuilder valid() {
        return Oceum.builder()
                .readEnvironment(false)
                .apiKey(TestClients.API_KEY)
                .agentId("agent-1")
                .baseUrl("http://127.0.0.1:9")
                .shutdownHook(false);
    }

    private static ConfigSource config(Map<String, String> properties, Map<String, String> env) {
        return new ConfigSource(properties::get, env::get);
    }

    @Test
    void appliesDocumentedDefaults() {
        Settings s =
                Oceum.builder().readEnvironment(false).apiKey("k").agentId("a").settings();
        assertThat(s.baseUrl()).isEqualTo(URI.create(OceumBuilder.DEFAULT_BASE_URL));
        assertThat(s.queueCapacity()).isEqualTo(OceumBuilder.DEFAULT_QUEUE_CAPACITY);
        assertThat(s.maxInFlight()).isEqualTo(OceumBuilder.DEFAULT_MAX_IN_FLIGHT);
        assertThat(s.maxRetries()).isEqualTo(3);
        assertThat(s.retryInitialDelay()).isEqualTo(Duration.ofSeconds(1));
        assertThat(s.retryMaxDelay()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.requestTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(s.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(s.spoolDir()).isNull();
        assertThat(s.shutdownHook()).isTrue();
        assertThat(s.heartbeatInterval()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void rejectsABlankAgentIdSayingWhatToFix() {
        assertThatThrownBy(() -> valid().agentId("   ").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("agent id")
                .hasMessageContaining("support-triage-v2");
    }

    @Test
    void rejectsAMissingAgentIdAndKey() {
        assertThatThrownBy(() -> valid().agentId(null).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("OCEUM_AGENT_ID");
        assertThatThrownBy(() -> valid().apiKey(null).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("OCEUM_API_KEY");
        assertThatThrownBy(() -> valid().apiKey("  ").build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("API key is missing");
    }

    @Test
    void rejectsAKeyWithAStrayNewlineWithoutPrintingIt() {
        assertThatThrownBy(() -> valid().apiKey("oc_secret\nvalue").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("control characters")
                .hasMessageNotContaining("oc_secret");
    }

    @Test
    void rejectsMalformedUrls() {
        assertThatThrownBy(() -> valid().baseUrl("http://exa mple.com").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a valid URL");
        assertThatThrownBy(() -> valid().baseUrl("ftp://oceum.ai").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("http(s) URL");
        assertThatThrownBy(() -> valid().baseUrl("oceum.ai").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("http(s) URL");
        assertThatThrownBy(() -> valid().baseUrl("https://user:pw@oceum.ai").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("user info");
    }

    @Test
    void refusesPlainHttpToANonLoopbackHostUnlessAllowed() {
        assertThatThrownBy(() -> valid().baseUrl("http://oceum.example.com").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unencrypted")
                .hasMessageContaining("allowInsecureHttp(true)");
        Settings allowed = valid().baseUrl("http://oceum.example.com/")
                .allowInsecureHttp(true)
                .settings();
        assertThat(allowed.baseUrl()).isEqualTo(URI.create("http://oceum.example.com"));
        assertThat(valid().baseUrl("http://localhost:8080").settings().baseUrl().getPort())
                .isEqualTo(8080);
        assertThat(valid().baseUrl("http://[::1]:8080").settings().baseUrl().getHost())
                .isEqualTo("[::1]");
    }

    /**
     * Security item 9 of the "Hardening" issue: a host name that merely starts with "127." (or
     * "localhost.") may resolve anywhere; only loopback IP literals and localhost are trusted with
     * the key over plain HTTP.
     */
    @Test
    void onlyLoopbackAddressesAndLocalhostMayUsePlainHttpWithoutBeingAllowed() {
        for (String url : List.of(
                "http://127.evil.example",
                "http://127.0.0.1.nip.io",
                "http://localhost.evil.example:8080",
                "http://127.0.0.1.evil",
                "http://0x7f000001",
                "http://[::2]",
                "http://[fe80::1]",
                "http://128.0.0.1",
                "http://10.0.0.1")) {
            assertThatThrownBy(() -> valid().baseUrl(url).build())
                    .as(url)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("unencrypted");
            assertThat(valid().baseUrl(url).allowInsecureHttp(true).settings().baseUrl())
                    .as(url)
                    .isNotNull();
        }
        for (String url : List.of(
                "http://127.0.0.1:8080",
                "http://127.10.20.30",
                "http://127.255.255.255",
                "http://localhost",
                "http://LocalHost:1",
                "http://[::1]:8080",
                "http://[0:0:0:0:0:0:0:1]",
                "http://[::ffff:127.0.0.1]")) {
            assertThat(valid().baseUrl(url).settings().baseUrl().getScheme())
                    .as(url)
                    .isEqualTo("http");
        }
    }

    /** Security item 10: user info (it may hold a password) is never echoed by a validation message. */
    @Test
    void userInfoInABaseUrlNeverAppearsInAMessage() {
        String secret = "S3CRET-pw";
        List<String> urls = List.of(
                "https://user:" + secret + "@oceum.example.com",
                "http://user:" + secret + "@oceum.example.com",
                "https://user:" + secret + "@exa mple.com",
                "ftp://user:" + secret + "@oceum.example.com",
                "https://user:" + secret + "@",
                "https://user:pa/" + secret + "@oceum.example.com",
                "https://" + secret + "@oceum.example.com/path?q=1",
                "user:" + secret + "@oceum.example.com");
        for (String url : urls) {
            Throwable fromBuilder = org.assertj.core.api.Assertions.catchThrowable(
                    () -> valid().baseUrl(url).build());
            Map<String, String> env = new HashMap<>();
            env.put("OCEUM_API_KEY", TestClients.API_KEY);
            env.put("OCEUM_AGENT_ID", "agent");
            env.put("OCEUM_BASE_URL", url);
            Throwable fromEnv = org.assertj.core.api.Assertions.catchThrowable(() -> Oceum.builder()
                    .configSource(ConfigSource.ofEnvironment(env))
                    .settings());
            for (Throwable e : List.of(fromBuilder, fromEnv)) {
                assertThat(e).as(url).isInstanceOf(IllegalArgumentException.class);
                for (Throwable c = e; c != null; c = c.getCause()) {
                    assertThat(c.toString()).as(url).doesNotContain(secret);
                }
                assertThat(e.getMessage()).as(url).contains("***@");
            }
        }
    }

    @Test
    void rejectsNegativeAndZeroSizesAndDurations() {
        assertThatThrownBy(() -> valid().queueCapacity(-1).build())
                .hasMessageContaining("queueCapacity must be between 1");
        assertThatThrownBy(() -> valid().queueCapacity(0).build()).hasMessageContaining("queueCapacity");
        assertThatThrownBy(() -> valid().maxInFlight(0).build())
                .hasMessageContaining("maxInFlight must be between 1 and 64");
        assertThatThrownBy(() -> valid().maxRetries(-1).build()).hasMessageContaining("maxRetries");
        assertThatThrownBy(() -> valid().spoolMaxBytes(-5).build())
                .hasMessageContaining("spoolMaxBytes must be at least");
        assertThatThrownBy(() -> valid().requestTimeout(Duration.ofSeconds(-1)).build())
                .hasMessageContaining("requestTimeout must be positive");
        assertThatThrownBy(() -> valid().retryInitialDelay(Duration.ZERO).build())
                .hasMessageContaining("retryInitialDelay must be positive");
        assertThatThrownBy(() -> valid().closeTimeout(Duration.ofMillis(-1)).build())
                .hasMessageContaining("closeTimeout must not be negative");
        assertThatThrownBy(
                        () -> valid().heartbeatInterval(Duration.ofMillis(10)).build())
                .hasMessageContaining("heartbeatInterval must be at least");
    }

    @Test
    void readsEveryOptionFromEnvironmentVariables() {
        Map<String, String> env = new HashMap<>();
        env.put("OCEUM_API_KEY", TestClients.API_KEY);
        env.put("OCEUM_AGENT_ID", " env-agent ");
        env.put("OCEUM_BASE_URL", "http://127.0.0.1:7777/");
        env.put("OCEUM_CONNECT_TIMEOUT", "750ms");
        env.put("OCEUM_REQUEST_TIMEOUT", "3s");
        env.put("OCEUM_QUEUE_CAPACITY", "1_000");
        env.put("OCEUM_MAX_IN_FLIGHT", "8");
        env.put("OCEUM_MAX_RETRIES", "5");
        env.put("OCEUM_RETRY_INITIAL_DELAY", "PT0.2S");
        env.put("OCEUM_RETRY_MAX_DELAY", "1m");
        env.put("OCEUM_SPOOL_DIR", "/tmp/oceum-spool");
        env.put("OCEUM_SPOOL_MAX_BYTES", "2m");
        env.put("OCEUM_SHUTDOWN_HOOK", "off");
        env.put("OCEUM_CLOSE_TIMEOUT", "0");
        env.put("OCEUM_HEARTBEAT_INTERVAL", "2m");
        Settings s =
                Oceum.builder().configSource(ConfigSource.ofEnvironment(env)).settings();
        assertThat(s.apiKey()).isEqualTo(TestClients.API_KEY);
        assertThat(s.agentId()).isEqualTo("env-agent");
        assertThat(s.baseUrl()).isEqualTo(URI.create("http://127.0.0.1:7777"));
        assertThat(s.connectTimeout()).isEqualTo(Duration.ofMillis(750));
        assertThat(s.requestTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(s.queueCapacity()).isEqualTo(1000);
        assertThat(s.maxInFlight()).isEqualTo(8);
        assertThat(s.maxRetries()).isEqualTo(5);
        assertThat(s.retryInitialDelay()).isEqualTo(Duration.ofMillis(200));
        assertThat(s.retryMaxDelay()).isEqualTo(Duration.ofMinutes(1));
        assertThat(s.spoolDir()).isEqualTo(Path.of("/tmp/oceum-spool"));
        assertThat(s.spoolMaxBytes()).isEqualTo(2L << 20);
        assertThat(s.shutdownHook()).isFalse();
        assertThat(s.closeTimeout()).isEqualTo(Duration.ZERO);
        assertThat(s.heartbeatInterval()).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void aSystemPropertyWinsOverTheEnvironmentAndCodeWinsOverBoth() {
        Map<String, String> props = Map.of("oceum.queue.capacity", "7", "oceum.api.key", "k", "oceum.agent.id", "p");
        Map<String, String> env =
                Map.of("OCEUM_QUEUE_CAPACITY", "9", "OCEUM_MAX_IN_FLIGHT", "3", "OCEUM_AGENT_ID", "e");
        Settings fromConfig = Oceum.builder().configSource(config(props, env)).settings();
        assertThat(fromConfig.queueCapacity()).isEqualTo(7);
        assertThat(fromConfig.maxInFlight()).isEqualTo(3);
        assertThat(fromConfig.agentId()).isEqualTo("p");
        Settings explicit = Oceum.builder()
                .configSource(config(props, env))
                .queueCapacity(11)
                .agentId("code")
                .settings();
        assertThat(explicit.queueCapacity()).isEqualTo(11);
        assertThat(explicit.agentId()).isEqualTo("code");
    }

    @Test
    void aWrongEnvironmentValueNamesTheVariable() {
        Map<String, String> env = Map.of("OCEUM_API_KEY", "k", "OCEUM_AGENT_ID", "a");
        assertThatThrownBy(() -> Oceum.builder()
                        .configSource(config(Map.of(), with(env, "OCEUM_QUEUE_CAPACITY", "lots")))
                        .settings())
                .hasMessageContaining("OCEUM_QUEUE_CAPACITY must be a whole number");
        assertThatThrownBy(() -> Oceum.builder()
                        .configSource(config(Map.of(), with(env, "OCEUM_REQUEST_TIMEOUT", "soon")))
                        .settings())
                .hasMessageContaining("OCEUM_REQUEST_TIMEOUT must be a duration");
        assertThatThrownBy(() -> Oceum.builder()
                        .configSource(config(Map.of(), with(env, "OCEUM_SHUTDOWN_HOOK", "maybe")))
                        .settings())
                .hasMessageContaining("OCEUM_SHUTDOWN_HOOK must be true or false");
        assertThatThrownBy(() -> Oceum.builder()
                        .configSource(config(Map.of(), with(env, "OCEUM_SPOOL_MAX_BYTES", "big")))
                        .settings())
                .hasMessageContaining("OCEUM_SPOOL_MAX_BYTES must be a size");
    }

    private static Map<String, String> with(Map<String, String> base, String k, String v) {
        Map<String, String> m = new HashMap<>(base);
        m.put(k, v);
        return m;
    }

    @Test
    void fromEnvWithoutAKeyGivesADisabledClientAndOneWarning() {
        try (LogCapture logs = LogCapture.start()) {
            Oceum disabled = Oceum.fromConfig(ConfigSource.ofEnvironment(Map.of("OCEUM_AGENT_ID", "quiet")));
            assertThat(disabled.isEnabled()).isFalse();
            assertThat(disabled.agentId()).isEqualTo("quiet");
            List<CompletableFuture<WebhookResponse>> calls = List.of(
                    disabled.heartbeat(),
                    disabled.taskStart("t"),
                    disabled.taskComplete("t"),
                    disabled.error("e"),
                    disabled.error(new RuntimeException()),
                    disabled.setStatus("idle"),
                    disabled.reportUsage(Usage.of("m", 1, 1)),
                    disabled.memory("x"));
            assertThat(calls).allSatisfy(f -> {
                assertThat(f).isDone();
                assertThat(f.join().isDisabled()).isTrue();
            });
            assertThat(disabled.wrap("w", () -> 42)).isEqualTo(42);
            assertThat(disabled.flush(Duration.ZERO)).isTrue();
            assertThat(disabled.stats().accepted()).isZero();
            assertThatThrownBy(disabled::readMemory)
                    .isInstanceOf(OceumException.class)
                    .hasMessageContaining("disabled");
            disabled.close();
            assertThat(logs.warnings()).hasSize(1);
            assertThat(logs.warnings().get(0)).contains("OCEUM_API_KEY");
        }
    }

    @Test
    void fromEnvWithAKeyReportsToTheConfiguredUrl() {
        try (TestReceiver receiver = TestReceiver.start()) {
            Map<String, String> env = Map.of(
                    "OCEUM_API_KEY",
                    TestClients.API_KEY,
                    "OCEUM_AGENT_ID",
                    "env-built",
                    "OCEUM_BASE_URL",
                    receiver.baseUrl(),
                    "OCEUM_SHUTDOWN_HOOK",
                    "false");
            try (Oceum oceum = Oceum.fromConfig(ConfigSource.ofEnvironment(env))) {
                assertThat(oceum.isEnabled()).isTrue();
                assertThat(oceum.heartbeat().join().statusCode()).isEqualTo(200);
                assertThat(receiver.events("heartbeat")
                                .get(0)
                                .json()
                                .path("agentId")
                                .asText())
                        .isEqualTo("env-built");
            }
        }
    }

    @Test
    void fromEnvWithAKeyButNoAgentFailsWithAClearMessage() {
        assertThatThrownBy(() -> Oceum.fromConfig(ConfigSource.ofEnvironment(Map.of("OCEUM_API_KEY", "k"))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("OCEUM_AGENT_ID");
    }

    @Test
    void globalIsTheClientSetAndIsClearedWhenThatClientCloses() {
        Oceum client = valid().agentId("global-test").build();
        try {
            Oceum.setGlobal(client);
            assertThat(Oceum.global()).isSameAs(client);
            client.close();
            Oceum.setGlobal(null);
            Oceum fallback = Oceum.global();
            assertThat(fallback).isNotNull().isNotSameAs(client);
            assertThat(Oceum.global()).isSameAs(fallback);
            Oceum.setGlobal(null);
            if (fallback.isEnabled()) {
                fallback.close();
            }
        } finally {
            Oceum.setGlobal(null);
            client.close();
        }
    }

    @Test
    void closingTheGlobalClientClearsIt() {
        Oceum client = valid().agentId("global-close").build();
        Oceum.setGlobal(client);
        client.close();
        try {
            assertThat(Oceum.global()).isNotSameAs(client);
        } finally {
            Oceum.setGlobal(null);
        }
    }

    @Test
    void disabledClientIsUsableWithoutConfiguration() {
        Oceum d = Oceum.disabled();
        assertThat(d.isEnabled()).isFalse();
        assertThat(d.heartbeat()).isCompletedWithValue(WebhookResponse.disabled());
        assertThat(d.toString()).contains("disabled");
    }
}
