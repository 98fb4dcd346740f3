package ai.oceum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.oceum.memory.MemoryEntry;
import ai.oceum.memory.MemoryQuery;
import ai.oceum.testing.OceumExtension;
import ai.oceum.testing.TestClients;
import ai.oceum.testing.TestReceiver;
import ai.oceum.testing.TestReceiver.Recorded;
import ai.oceum.testing.TestReceiver.Reply;
import ai.oceum.vault.VaultEntry;
import ai.oceum.vault.VaultListOptions;
import ai.oceum.vault.VaultProxyRequest;
import ai.oceum.vault.VaultProxyResponse;
import ai.oceum.vault.VaultSecret;
import ai.oceum.vault.VaultStoreOptions;
import ai.oceum.vault.VaultToken;
import ai.oceum.vault.VaultTtl;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The synchronous calls: shared-memory reads and the vault, request shapes and answer parsing. */
class OceumRequestsTest {
    private static final String SECRET = "sk_live_51HxSECRETvalue";

    @RegisterExtension
    final OceumExtension kit = OceumExtension.create();

    private final TestReceiver receiver = kit.receiver();
    private final String agent = TestClients.agentId("requests");
    private final Oceum oceum = kit.client(TestClients.builder(receiver, agent));

    private Recorded onlyWebhook(String type) {
        List<Recorded> r = receiver.events(type);
        assertThat(r).hasSize(1);
        Recorded request = r.get(0);
        assertThat(request.header("Authorization")).isEqualTo("Bearer " + TestClients.API_KEY);
        assertThat(request.header("Content-Type")).isEqualTo("application/json");
        assertThat(request.header("User-Agent")).startsWith("oceum-java/");
        assertThat(request.eventId()).isEqualTo(request.json().path("eventId").asText());
        assertThat(request.json().path("agentId").asText()).isEqualTo(agent);
        return request;
    }

    @Test
    void vaultStoreSendsEveryOptionAndReturnsTheToken() {
        receiver.enqueue(
                Reply.json(200, "{\"ok\":true,\"token\":\"vtk_abc123\",\"expiresAt\":\"2026-12-02T00:00:00Z\"}"));
        VaultToken token = oceum.vaultStore(
                SECRET,
                VaultStoreOptions.builder()
                        .category("api_key")
                        .allowedAgents("billing-bot", "refund-bot")
                        .ttl(VaultTtl.DAYS_7)
                        .label("stripe live")
                        .targetDomains("api.stripe.com", "files.stripe.com")
                        .injectionTemplate("header:Authorization:Bearer {{secret}}")
                        .build());

        assertThat(token.token()).isEqualTo("vtk_abc123");
        assertThat(token.raw()).containsEntry("expiresAt", "2026-12-02T00:00:00Z");
        JsonNode data = onlyWebhook("vault_store").data();
        assertThat(data.path("data").asText()).isEqualTo(SECRET);
        assertThat(data.path("category").asText()).isEqualTo("api_key");
        assertThat(data.path("accessPolicy").asText()).isEqualTo("specified_agents");
        assertThat(data.path("allowedAgents").asText()).isEqualTo("billing-bot,refund-bot");
        assertThat(data.path("ttl").asText()).isEqualTo("7d");
        assertThat(data.path("label").asText()).isEqualTo("stripe live");
        assertThat(data.path("targetDomains").asText()).isEqualTo("api.stripe.com,files.stripe.com");
        assertThat(data.path("injectionTemplate").asText()).isEqualTo("header:Authorization:Bearer {{secret}}");
    }

    @Test
    void vaultStoreSendsTheDefaults() {
        receiver.enqueue(Reply.json(200, "{\"ok\":true,\"token\":\"vtk_1\"}"));
        oceum.vaultStore(SECRET, null);
        JsonNode data = onlyWebhook("vault_store").data();
        assertThat(data.path("category").asText()).isEqualTo("custom");
        assertThat(data.path("accessPolicy").asText()).isEqualTo("source_agent");
        assertThat(data.path("ttl").asText()).isEqualTo("30d");
        assertThat(data.has("label")).isFalse();
        assertThat(data.has("allowedAgents")).isFalse();
    }

    @Test
    void vaultStoreWithoutATokenInTheAnswerFails() {
        receiver.enqueue(Reply.json(200, "{\"ok\":true}"));
        assertThatThrownBy(() -> oceum.vaultStore(SECRET, null))
                .isInstanceOf(OceumException.class)
                .hasMessageContaining("without a token")
                .hasMessageNotContaining(SECRET);
    }

    @Test
    void vaultRetrieveReturnsTheSecretRedactedInToString() {
        receiver.enqueue(Reply.json(200, "{\"ok\":true,\"data\":\"" + SECRET + "\"}"));
        VaultSecret secret = oceum.vaultRetrieve("vtk_abc123");
        assertThat(secret.value()).isEqualTo(SECRET);
        assertThat(secret.token()).isEqualTo("vtk_abc123");
        assertThat(secret.toString()).doesNotContain(SECRET).contains("redacted");
        assertThat(onlyWebhook("vault_retrieve").data().path("token").asText()).isEqualTo("vtk_abc123");
    }

    @Test
    void vaultRetrieveOfStructuredDataReturnsItAsJson() {
        receiver.enqueue(Reply.json(200, "{\"ok\":true,\"data\":{\"user\":\"u\",\"password\":\"p\"}}"));
        assertThat(oceum.vaultRetrieve("vtk_1").value()).isEqualTo("{\"user\":\"u\",\"password\":\"p\"}");
    }

    @Test
    void vaultProxySendsTheRequestAndParsesTheRelayedAnswer() {
        receiver.enqueue(Reply.json(
                200,
                "{\"ok\":true,\"status\":201,\"headers\":{\"x-request-id\":\"r1\"}," + "\"data\":{\"id\":\"ch_1\"}}"));
        VaultProxyResponse answer = oceum.vaultProxy(
                "vtk_abc123",
                new VaultProxyRequest(
                        "post",
                        "https://api.stripe.com/v1/charges",
                        Map.of("Idempotency-Key", "c-1"),
                        Map.of("amount", 500)));

        assertThat(answer.ok()).isTrue();
        assertThat(answer.status()).isEqualTo(201);
        assertThat(answer.headers()).containsEntry("x-request-id", "r1");
        assertThat(answer.data()).isEqualTo(Map.of("id", "ch_1"));
        JsonNode data = onlyWebhook("vault_proxy").data();
        assertThat(data.path("token").asText()).isEqualTo("vtk_abc123");
        assertThat(data.path("method").asText()).isEqualTo("POST");
        assertThat(data.path("url").asText()).isEqualTo("https://api.stripe.com/v1/charges");
        assertThat(data.path("headers").path("Idempotency-Key").asText()).isEqualTo("c-1");
        assertThat(data.path("body").path("amount").asInt()).isEqualTo(500);
    }

    @Test
    void vaultRevokeReadsTheRevokedFlag() {
        receiver.enqueue(
                Reply.json(200, "{\"ok\":true,\"token\":\"vtk_1\",\"revoked\":true}"),
                Reply.json(200, "{\"ok\":true,\"token\":\"vtk_2\",\"revoked\":false}"));
        assertThat(oceum.vaultRevoke("vtk_1")).isTrue();
        assertThat(oceum.vaultRevoke("vtk_2")).isFalse();
        assertThat(receiver.events("vault_revoke"))
                .extracting(r -> r.data().path("token").asText())
                .containsExactly("vtk_1", "vtk_2");
    }

    @Test
    void vaultListSendsTheFilterAsQueryParametersAndParsesEntries() {
        receiver.enqueue(
                Reply.json(
                        200,
                        "{\"entries\":[{\"token\":\"vtk_1\",\"category\":\"api_key\",\"label\":\"stripe\","
                                + "\"status\":\"active\",\"created_at\":\"2026-11-01T00:00:00Z\",\"expiresAt\":null}],\"count\":1}"));
        List<VaultEntry> entries = oceum.vaultList(new VaultListOptions("api_key", "active", 10));

        assertThat(entries).hasSize(1);
        VaultEntry e = entries.get(0);
        assertThat(e.token()).isEqualTo("vtk_1");
        assertThat(e.category()).isEqualTo("api_key");
        assertThat(e.label()).isEqualTo("stripe");
        assertThat(e.status()).isEqualTo("active");
        assertThat(e.createdAt()).isEqualTo("2026-11-01T00:00:00Z");
        assertThat(e.expiresAt()).isNull();
        Recorded r = receiver.requests().get(0);
        assertThat(r.method()).isEqualTo("GET");
        assertThat(r.path()).isEqualTo("/api/vault");
        assertThat(r.query()).isEqualTo("category=api_key&status=active&limit=10&agentId=" + agent);
        assertThat(r.header("Authorization")).isEqualTo("Bearer " + TestClients.API_KEY);
        assertThat(r.header("Accept")).isEqualTo("application/json");
    }

    @Test
    void vaultListWithoutFilterSendsOnlyTheDefaultLimit() {
        receiver.enqueue(Reply.json(200, "{\"entries\":[],\"count\":0}"));
        assertThat(oceum.vaultList()).isEmpty();
        assertThat(receiver.requests().get(0).query()).isEqualTo("limit=50&agentId=" + agent);
    }

    @Test
    void readMemorySendsTagAndLimitAndParsesEntries() {
        receiver.enqueue(Reply.json(
                200,
                "{\"entries\":[{\"id\":\"m1\",\"content\":\"prefers email\",\"tags\":[\"customer 42\"],"
                        + "\"agent_id\":\"peer\",\"createdAt\":\"2026-11-25T10:00:00Z\"}],\"count\":1}"));
        List<MemoryEntry> entries =
                oceum.readMemory(MemoryQuery.tag("customer 42&x").withLimit(5));

        assertThat(entries).hasSize(1);
        MemoryEntry m = entries.get(0);
        assertThat(m.id()).isEqualTo("m1");
        assertThat(m.content()).isEqualTo("prefers email");
        assertThat(m.tags()).containsExactly("customer 42");
        assertThat(m.agentId()).isEqualTo("peer");
        assertThat(m.createdAt()).isEqualTo("2026-11-25T10:00:00Z");
        Recorded r = receiver.requests().get(0);
        assertThat(r.method()).isEqualTo("GET");
        assertThat(r.path()).isEqualTo("/api/memory");
        assertThat(r.query()).isEqualTo("tag=customer+42%26x&limit=5");
    }

    @Test
    void readMemoryAcceptsABareArrayAndTheMemoriesKey() {
        receiver.enqueue(
                Reply.json(200, "[{\"content\":\"a\",\"tags\":\"x, y\"}]"),
                Reply.json(200, "{\"memories\":[{\"content\":\"b\"}]}"));
        List<MemoryEntry> bare = oceum.readMemory();
        assertThat(bare).extracting(MemoryEntry::content).containsExactly("a");
        assertThat(bare.get(0).tags()).containsExactly("x", "y");
        assertThat(oceum.readMemory(MemoryQuery.all()))
                .extracting(MemoryEntry::content)
                .containsExactly("b");
        assertThat(receiver.requests().get(0).query()).isEqualTo("limit=20");
    }

    @Test
    void aClientErrorThrowsWithStatusAndBodyButNoSecret() {
        receiver.enqueue(Reply.json(403, "{\"error\":\"agent may not store\"}"));
        assertThatThrownBy(() -> oceum.vaultStore(SECRET, null)).isInstanceOfSatisfying(OceumException.class, e -> {
            assertThat(e.statusCode()).isEqualTo(403);
            assertThat(e.body()).contains("agent may not store");
            assertThat(e.getMessage())
                    .contains("vault store")
                    .contains("403")
                    .contains("agent may not store")
                    .doesNotContain(SECRET)
                    .doesNotContain(TestClients.API_KEY);
        });
        assertThat(receiver.requests()).hasSize(1);
    }

    @Test
    void serverErrorsAreRetriedWithTheSameIdempotencyKey() {
        receiver.enqueue(Reply.status(500), Reply.status(502), Reply.json(200, "{\"ok\":true,\"data\":\"v\"}"));
        assertThat(oceum.vaultRetrieve("vtk_1").value()).isEqualTo("v");
        List<Recorded> attempts = receiver.requests();
        assertThat(attempts).hasSize(3);
        assertThat(attempts)
                .extracting(Recorded::eventId)
                .containsOnly(attempts.get(0).eventId());
    }

    @Test
    void anUnreachableServerThrowsAfterTheRetriesWithoutTheKey() {
        try (Oceum offline = TestClients.builder(TestClients.closedPortUrl(), TestClients.agentId("offline"))
                .maxRetries(1)
                .build()) {
            assertThatThrownBy(() -> offline.vaultRetrieve("vtk_1")).isInstanceOfSatisfying(OceumException.class, e -> {
                assertThat(e.statusCode()).isZero();
                assertThat(e.getMessage())
                        .contains("vault retrieve")
                        .contains("2 attempts")
                        .doesNotContain(TestClients.API_KEY);
            });
        }
    }

    @Test
    void badArgumentsAreRefusedBeforeAnythingIsSent() {
        assertThatThrownBy(() -> oceum.vaultStore(null, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> oceum.vaultRetrieve(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> oceum.vaultProxy("vtk", null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new VaultProxyRequest("TRACE", "https://x", null, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> VaultStoreOptions.builder().injectionTemplate("Bearer x"))
                .hasMessageContaining("{{secret}}");
        assertThatThrownBy(() -> new MemoryQuery(null, 0)).hasMessageContaining("limit");
        assertThat(receiver.requests()).isEmpty();
    }

    @Test
    void requestsAfterCloseThrow() {
        oceum.close();
        assertThatThrownBy(() -> oceum.vaultList())
                .isInstanceOf(OceumException.class)
                .hasMessageContaining("closed");
    }
}
