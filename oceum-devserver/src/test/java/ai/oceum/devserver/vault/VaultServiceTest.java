package ai.oceum.devserver.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.oceum.devserver.DatabaseTest;
import ai.oceum.devserver.TestDatabase;
import ai.oceum.devserver.protocol.ApiError;
import ai.oceum.devserver.protocol.EventType;
import ai.oceum.devserver.protocol.IncomingEvent;
import ai.oceum.devserver.store.Store;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The vault's rules with a clock the test moves: ttl expiry, list filters, validation. */
@DatabaseTest
class VaultServiceTest {
    private final ObjectMapper mapper = new ObjectMapper();
    private final AtomicLong now = new AtomicLong(1_000_000);
    private final TestDatabase db = TestDatabase.fresh();
    private final Store store = Store.open(db.url(), 100);
    private final VaultService vault = new VaultService(
            store, new VaultCipher(new byte[32]), new VaultProxy(mapper, false, Duration.ofSeconds(5)), now::get);

    @AfterEach
    void close() {
        store.close();
        db.close();
    }

    private IncomingEvent event(EventType type, String agent, Map<String, Object> data) {
        return new IncomingEvent(type, agent, null, now.get(), now.get(), mapper.valueToTree(data));
    }

    private String store(Map<String, Object> data) {
        return (String) store.db()
                .inTransaction(c -> vault.store(c, event(EventType.VAULT_STORE, "owner", data)))
                .get("token");
    }

    @Test
    void aTokenExpiresAfterItsTtl() {
        String token = store(Map.of("data", "s", "ttl", "1h"));
        assertThat(vault.retrieve(event(EventType.VAULT_RETRIEVE, "owner", Map.of("token", token)))
                        .get("data"))
                .isEqualTo("s");
        now.addAndGet(Duration.ofHours(1).toMillis());
        assertThatThrownBy(() -> vault.retrieve(event(EventType.VAULT_RETRIEVE, "owner", Map.of("token", token))))
                .isInstanceOfSatisfying(
                        ApiError.class, e -> assertThat(e.status()).isEqualTo(410))
                .hasMessageContaining("expired");
        assertThat(vault.list(null, "expired", 10, null).get("count")).isEqualTo(1);
        assertThat(vault.list(null, "active", 10, null).get("count")).isEqualTo(0);
    }

    @Test
    void permanentTokensDoNotExpireAndListsFilterByCategory() {
        store(Map.of("data", "a", "ttl", "permanent", "category", "api_key"));
        store(Map.of("data", "b", "category", "credential"));
        now.addAndGet(Duration.ofDays(365).toMillis());
        assertThat(vault.list("api_key", "active", 10, null).get("count")).isEqualTo(1);
        assertThat(vault.list(null, null, 10, null).toString()).doesNotContain("ciphertext");
        assertThatThrownBy(() -> vault.list(null, "gone", 10, null)).hasMessageContaining("active, revoked or expired");
    }

    @Test
    void storeValidatesItsFields() {
        assertThatThrownBy(() -> store(Map.of("category", "x"))).hasMessageContaining("data.data");
        assertThatThrownBy(() -> store(Map.of("data", "s", "accessPolicy", "everyone")))
                .hasMessageContaining("accessPolicy");
        assertThatThrownBy(() -> store(Map.of("data", "s", "injectionTemplate", "header:X")))
                .hasMessageContaining("injectionTemplate");
        assertThat(vault.list(null, null, 10, null).get("count")).isEqualTo(0);
    }

    @Test
    void aListShowsAnAgentOnlyTheTokensItMayUseAndNobodyTheTokensOfOthers() {
        String own = store(Map.of("data", "a"));
        String shared = store(Map.of("data", "b", "accessPolicy", "specified_agents", "allowedAgents", "friend"));
        String open = store(Map.of("data", "c", "accessPolicy", "any_agent"));

        assertThat(tokens(vault.list(null, null, 10, "stranger"))).containsExactlyInAnyOrder(open);
        assertThat(tokens(vault.list(null, null, 10, "friend"))).containsExactlyInAnyOrder(shared, open);
        assertThat(tokens(vault.list(null, null, 10, "owner"))).containsExactlyInAnyOrder(own, shared, open);
        Map<String, Object> anonymous = vault.list(null, null, 10, null);
        assertThat(anonymous.get("count")).isEqualTo(3);
        assertThat(anonymous.toString())
                .doesNotContain(own)
                .doesNotContain(shared)
                .contains(open)
                .contains("tokenHidden=true");
    }

    @SuppressWarnings("unchecked")
    private static java.util.List<Object> tokens(Map<String, Object> list) {
        return ((java.util.List<Map<String, Object>>) list.get("entries"))
                .stream().map(e -> e.get("token")).toList();
    }

    @Test
    void overLongVaultFieldsAreRefusedNamingTheField() {
        assertThatThrownBy(() -> store(Map.of("data", "s", "category", "c".repeat(201))))
                .hasMessage("data.category is longer than 200 characters");
        assertThatThrownBy(() -> store(Map.of("data", "s", "label", "l".repeat(1001))))
                .hasMessage("data.label is longer than 1000 characters");
        assertThatThrownBy(() -> store(Map.of("data", "x".repeat(700_001))))
                .hasMessageContaining("data.data (the secret) is larger than");
        assertThatThrownBy(() ->
                        vault.retrieve(event(EventType.VAULT_RETRIEVE, "owner", Map.of("token", "t".repeat(101)))))
                .hasMessage("data.token is longer than 100 characters");
    }

    @Test
    void unknownTokensAre404() {
        assertThatThrownBy(() -> vault.retrieve(event(EventType.VAULT_RETRIEVE, "owner", Map.of("token", "vtk_nope"))))
                .isInstanceOfSatisfying(
                        ApiError.class, e -> assertThat(e.status()).isEqualTo(404));
    }

    @Test
    void theProxyRefusesLoopbackTargetsUnlessAllowed() {
        String token = store(Map.of("data", "s", "targetDomains", java.util.List.of("127.0.0.1")));
        ObjectNode request = mapper.createObjectNode()
                .put("token", token)
                .put("method", "GET")
                .put("url", "http://127.0.0.1:9/x");
        assertThatThrownBy(() -> vault.proxy(new IncomingEvent(EventType.VAULT_PROXY, "owner", null, 0, 0, request)))
                .isInstanceOfSatisfying(
                        ApiError.class, e -> assertThat(e.status()).isEqualTo(403))
                .hasMessageContaining("--vault-proxy-allow-private")
                .hasMessageContaining("loopback (127.0.0.0/8)");
    }
}
