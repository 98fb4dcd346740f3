package ai.oceum.devserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ai.oceum.Oceum;
import ai.oceum.OceumException;
import ai.oceum.Usage;
import ai.oceum.WebhookResponse;
import ai.oceum.memory.MemoryEntry;
import ai.oceum.memory.MemoryQuery;
import ai.oceum.memory.MemoryWrite;
import ai.oceum.vault.VaultEntry;
import ai.oceum.vault.VaultListOptions;
import ai.oceum.vault.VaultProxyRequest;
import ai.oceum.vault.VaultProxyResponse;
import ai.oceum.vault.VaultStoreOptions;
import ai.oceum.vault.VaultToken;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The real core SDK client against the dev server: telemetry, memory and every vault call. */
@DatabaseTest
class OceumClientEndToEndTest {
    private static final String SECRET = "sk_live_THE-SECRET-4242";

    private static DevServer server;
    private static EchoTarget target;

    @BeforeAll
    static void start() {
        server = TestDatabase.builder().vaultProxyAllowPrivate(true).build().start();
        target = new EchoTarget();
    }

    @AfterAll
    static void stop() {
        target.close();
        server.close();
    }

    private static Oceum client(String agentId) {
        return Oceum.builder()
                .baseUrl(server.baseUrl())
                .apiKey(server.apiKey())
                .agentId(agentId)
                .readEnvironment(false)
                .shutdownHook(false)
                .build();
    }

    @Test
    void telemetryFromTheClientShowsOnTheDashboard() throws Exception {
        try (Oceum oceum = client("e2e-telemetry")) {
            oceum.heartbeat();
            String result = oceum.wrap("classify-ticket", () -> {
                WebhookResponse usage = oceum.reportUsage(Usage.of("claude-3-5-haiku-20241022", 2000, 500))
                        .get(10, TimeUnit.SECONDS);
                assertThat(usage.costUsd())
                        .hasValueSatisfying(
                                c -> assertThat(c).isEqualByComparingTo("0.0036")); // 2000*0.80/1M + 500*4.00/1M
                return "billing";
            });
            assertThat(result).isEqualTo("billing");
            oceum.error(new IllegalStateException("model refused"));
            assertThat(oceum.flush(Duration.ofSeconds(10))).isTrue();
            assertThat(oceum.stats().droppedTotal()).isZero();
        }
        JsonNode d = new Api(server).dashboard();
        JsonNode agent = WebhookProtocolTest.find(d.get("agents"), "e2e-telemetry", "agentId", "e2e-telemetry");
        assertThat(agent.get("liveness").asText()).isEqualTo("live");
        assertThat(agent.get("tasksSucceeded").asLong()).isEqualTo(1);
        JsonNode error = WebhookProtocolTest.find(d.get("errors"), "e2e-telemetry", "message", "model refused");
        assertThat(error.get("type").asText()).isEqualTo("java.lang.IllegalStateException");
        assertThat(error.get("stackTrace").asText()).contains("OceumClientEndToEndTest");
        JsonNode usage =
                WebhookProtocolTest.find(d.get("usage"), "e2e-telemetry", "model", "claude-3-5-haiku-20241022");
        assertThat(usage.get("tokensInput").asLong()).isEqualTo(2000);
    }

    @Test
    void memoryWrittenByOneAgentIsReadByAnotherByTag() {
        try (Oceum writer = client("e2e-writer");
                Oceum reader = client("e2e-reader")) {
            writer.memory(
                    "Customer 42 prefers email",
                    MemoryWrite.builder().tags("customer-42", "prefs").build());
            writer.memory("unrelated", MemoryWrite.builder().tags("other").build());
            assertThat(writer.flush(Duration.ofSeconds(10))).isTrue();

            List<MemoryEntry> entries = reader.readMemory(MemoryQuery.tag("customer-42"));
            assertThat(entries).singleElement().satisfies(e -> {
                assertThat(e.content()).isEqualTo("Customer 42 prefers email");
                assertThat(e.tags()).containsExactly("customer-42", "prefs");
                assertThat(e.agentId()).isEqualTo("e2e-writer");
                assertThat(e.createdAt()).isNotNull();
            });
        }
    }

    @Test
    void vaultStoresRetrievesProxiesListsAndRevokes() {
        try (Oceum oceum = client("e2e-vault")) {
            VaultToken token = oceum.vaultStore(
                    SECRET,
                    VaultStoreOptions.builder()
                            .category("api_key")
                            .label("stripe test")
                            .targetDomains("127.0.0.1")
                            .build());
            assertThat(token.token()).startsWith("vtk_");
            assertThat(token.raw().toString()).doesNotContain(SECRET);

            assertThat(oceum.vaultRetrieve(token.token()).value()).isEqualTo(SECRET);

            VaultProxyResponse proxied = oceum.vaultProxy(
                    token.token(),
                    new VaultProxyRequest(
                            "POST", target.url("/v1/charges?amount=5"), Map.of("X-Trace", "t1"), Map.of("amount", 5)));
            assertThat(target.lastAuthorization.get()).isEqualTo("Bearer " + SECRET);
            assertThat(target.lastBody.get()).isEqualTo("{\"amount\":5}");
            assertThat(proxied.status()).isEqualTo(201);
            assertThat(proxied.ok()).isTrue();
            assertThat(proxied.data().toString())
                    .contains("ch_1")
                    .contains("[redacted]")
                    .doesNotContain(SECRET);
            assertThat(proxied.headers().toString()).doesNotContain(SECRET);

            // The SDK's list names the asking agent: it is shown the token of its own secret, never the secret.
            List<VaultEntry> entries = oceum.vaultList(new VaultListOptions("api_key", null, 50));
            assertThat(entries).singleElement().satisfies(e -> {
                assertThat(e.token()).isEqualTo(token.token());
                assertThat(e.label()).isEqualTo("stripe test");
                assertThat(e.status()).isEqualTo("active");
                assertThat(e.expiresAt()).isNotNull();
                assertThat(e.raw().toString()).doesNotContain(SECRET);
            });
            // Another agent is not listed an entry it may not use.
            try (Oceum other = client("e2e-vault-other")) {
                assertThat(other.vaultList(new VaultListOptions("api_key", null, 50)))
                        .isEmpty();
            }

            assertThat(oceum.vaultRevoke(token.token())).isTrue();
            assertThatThrownBy(() -> oceum.vaultRetrieve(token.token()))
                    .isInstanceOf(OceumException.class)
                    .hasMessageContaining("410")
                    .hasMessageNotContaining(SECRET);
            assertThat(oceum.vaultList(new VaultListOptions(null, "revoked", 50)))
                    .extracting(VaultEntry::label)
                    .contains("stripe test");
        }
    }

    @Test
    void vaultRefusesAgentsTheAccessPolicyExcludes() {
        try (Oceum owner = client("e2e-owner");
                Oceum friend = client("e2e-friend");
                Oceum stranger = client("e2e-stranger")) {
            VaultToken token = owner.vaultStore(
                    SECRET,
                    VaultStoreOptions.builder().allowedAgents("e2e-friend").build());
            assertThat(friend.vaultRetrieve(token.token()).value()).isEqualTo(SECRET);
            assertThatThrownBy(() -> stranger.vaultRetrieve(token.token()))
                    .isInstanceOf(OceumException.class)
                    .hasMessageContaining("403");
            assertThatThrownBy(() -> friend.vaultRevoke(token.token())).hasMessageContaining("403");
        }
    }

    @Test
    void proxyOnlyCallsTheTokensTargetDomains() {
        try (Oceum oceum = client("e2e-proxy")) {
            VaultToken token = oceum.vaultStore(
                    SECRET,
                    VaultStoreOptions.builder().targetDomains("api.stripe.com").build());
            int hitsBefore = target.hits.get();
            assertThatThrownBy(() -> oceum.vaultProxy(token.token(), VaultProxyRequest.get(target.url("/steal"))))
                    .isInstanceOf(OceumException.class)
                    .hasMessageContaining("not in this token's targetDomains")
                    .hasMessageNotContaining(SECRET);
            assertThat(target.hits.get()).isEqualTo(hitsBefore);
        }
    }

    @Test
    void queryTemplateInjectsTheSecretIntoTheUrlAndRedactsItsEcho() {
        try (Oceum oceum = client("e2e-query")) {
            VaultToken token = oceum.vaultStore(
                    SECRET,
                    VaultStoreOptions.builder()
                            .targetDomains("127.0.0.1")
                            .injectionTemplate("query:api_key:{{secret}}")
                            .build());
            VaultProxyResponse r = oceum.vaultProxy(token.token(), VaultProxyRequest.get(target.url("/search?q=x")));
            await().atMost(Duration.ofSeconds(5)).until(() -> target.lastQuery.get() != null);
            assertThat(target.lastQuery.get()).contains("q=x").contains("api_key=sk_live_THE-SECRET-4242");
            assertThat(r.data().toString()).doesNotContain(SECRET).contains("[redacted]");
        }
    }
}
