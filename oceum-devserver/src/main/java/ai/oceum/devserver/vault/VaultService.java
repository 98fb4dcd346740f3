package ai.oceum.devserver.vault;

import ai.oceum.devserver.protocol.ApiError;
import ai.oceum.devserver.protocol.FieldLimits;
import ai.oceum.devserver.protocol.IncomingEvent;
import ai.oceum.devserver.store.Store;
import ai.oceum.devserver.store.VaultRepository.VaultRow;
import com.fasterxml.jackson.databind.JsonNode;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * The vault's rules: store (encrypted), retrieve and proxy (only for agents the access policy
 * allows, only while active), revoke (by the storing agent), list (metadata, never the secret).
 */
public final class VaultService {
    private static final Set<String> POLICIES = Set.of("source_agent", "specified_agents", "any_agent");
    /** How many entries a list for one agent looks through (the dev server's vault is small). */
    private static final int LIST_SCAN = 5000;

    private final Store store;
    private final VaultCipher cipher;
    private final VaultProxy proxy;
    private final LongSupplier clock;
    private final SecureRandom random = new SecureRandom();

    /** A service over the store's vault table. */
    public VaultService(Store store, VaultCipher cipher, VaultProxy proxy, LongSupplier clock) {
        this.store = store;
        this.cipher = cipher;
        this.proxy = proxy;
        this.clock = clock;
    }

    /** Stores the secret of a {@code vault_store} event; answers the token and metadata. */
    public Map<String, Object> store(Connection c, IncomingEvent e) throws SQLException {
        JsonNode dataNode = e.data().get("data");
        if (dataNode == null || dataNode.isNull()) {
            throw ApiError.badRequest("vault_store needs data.data (the secret)");
        }
        String secret = dataNode.isTextual() ? dataNode.asText() : dataNode.toString();
        FieldLimits.checkSecret(secret);
        String category = orDefault(e.text("category"), "custom");
        FieldLimits.check(category, "data.category", FieldLimits.VAULT_CATEGORY);
        FieldLimits.check(e.text("label"), "data.label", FieldLimits.VAULT_LABEL);
        String policy = orDefault(e.firstText("accessPolicy", "access_policy"), "source_agent")
                .toLowerCase(Locale.ROOT);
        if (!POLICIES.contains(policy)) {
            throw ApiError.badRequest(
                    "accessPolicy must be one of source_agent, specified_agents, any_agent, was '" + policy + "'");
        }
        List<String> allowed = list(
                e.data().has("allowedAgents")
                        ? e.data().get("allowedAgents")
                        : e.data().get("allowed_agents"));
        List<String> domains = list(
                e.data().has("targetDomains")
                        ? e.data().get("targetDomains")
                        : e.data().get("target_domains"));
        FieldLimits.check(String.join(",", allowed), "data.allowedAgents", FieldLimits.VAULT_LIST);
        FieldLimits.check(String.join(",", domains), "data.targetDomains", FieldLimits.VAULT_LIST);
        InjectionTemplate template = InjectionTemplate.parse(e.firstText("injectionTemplate", "injection_template"));
        FieldLimits.check(template.toString(), "data.injectionTemplate", FieldLimits.VAULT_TEMPLATE);
        Duration ttl = VaultTtl.parse(e.text("ttl"));
        long now = clock.getAsLong();
        String token = "vtk_" + HexFormat.of().formatHex(randomBytes());
        VaultRow row = new VaultRow(
                token,
                e.agentId(),
                category,
                e.text("label"),
                policy,
                String.join(",", allowed),
                String.join(",", domains),
                template.toString(),
                cipher.seal(secret, token),
                now,
                ttl == null ? null : now + ttl.toMillis(),
                null);
        store.vault().add(c, row);
        Map<String, Object> answer = metadata(row, now);
        answer.put("ok", true);
        return answer;
    }

    /** Answers a {@code vault_retrieve}: the secret, to an allowed agent. */
    public Map<String, Object> retrieve(IncomingEvent e) {
        Access a = access(e);
        Map<String, Object> answer = metadata(a.row(), a.now());
        answer.put("ok", true);
        answer.put("data", a.secret());
        return answer;
    }

    /** Answers a {@code vault_proxy}: the target's answer, with the secret injected and never returned. */
    public Map<String, Object> proxy(IncomingEvent e) {
        Access a = access(e);
        List<String> domains = split(a.row().targetDomains());
        return proxy.send(e.data(), domains, InjectionTemplate.parse(a.row().injectionTemplate()), a.secret());
    }

    /** Revokes a token; only the agent that stored it may. */
    public Map<String, Object> revoke(Connection c, IncomingEvent e) throws SQLException {
        String token = requireToken(e);
        VaultRow row = store.vault().find(c, token).orElseThrow(() -> notFound());
        if (!row.agentId().equals(e.agentId())) {
            throw new ApiError(403, "only the agent that stored a token may revoke it");
        }
        store.vault().revoke(c, token, clock.getAsLong());
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("ok", true);
        answer.put("token", token);
        answer.put("revoked", true);
        return answer;
    }

    /**
     * Lists entries' metadata. With {@code agentId}: the entries that agent may use, with their
     * tokens. Without: every entry, but the token only of those any agent may use (a token is
     * the handle to the secret; one agent is not shown the tokens of another's secrets).
     */
    public Map<String, Object> list(String category, String status, int limit, String agentId) {
        if (status != null && !Set.of("active", "revoked", "expired").contains(status)) {
            throw ApiError.badRequest("status must be active, revoked or expired");
        }
        long now = clock.getAsLong();
        List<VaultRow> rows = store.db()
                .inTransaction(c -> store.vault().list(c, category, status, agentId == null ? limit : LIST_SCAN, now));
        List<Map<String, Object>> entries = new ArrayList<>();
        for (VaultRow r : rows) {
            if (entries.size() == limit) {
                break;
            }
            if (agentId != null && !mayUse(r, agentId)) {
                continue;
            }
            Map<String, Object> m = metadata(r, now);
            if (agentId == null && !r.accessPolicy().equals("any_agent")) {
                m.put("token", null);
                m.put("tokenHidden", true);
            }
            entries.add(m);
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("entries", entries);
        answer.put("count", entries.size());
        return answer;
    }

    private static boolean mayUse(VaultRow row, String agentId) {
        return switch (row.accessPolicy()) {
            case "any_agent" -> true;
            case "specified_agents" ->
                row.agentId().equals(agentId) || split(row.allowedAgents()).contains(agentId);
            default -> row.agentId().equals(agentId);
        };
    }

    private record Access(VaultRow row, String secret, long now) {}

    private Access access(IncomingEvent e) {
        String token = requireToken(e);
        long now = clock.getAsLong();
        VaultRow row =
                store.db().inTransaction(c -> store.vault().find(c, token)).orElseThrow(VaultService::notFound);
        String status = row.status(now);
        if (!status.equals("active")) {
            throw new ApiError(410, "vault token is " + status);
        }
        if (!mayUse(row, e.agentId())) {
            throw new ApiError(
                    403,
                    "agent '" + e.agentId() + "' may not use this token (access policy " + row.accessPolicy() + ")");
        }
        String secret;
        try {
            secret = cipher.open(row.ciphertext(), row.token());
        } catch (IllegalStateException wrongKey) {
            throw new ApiError(500, wrongKey.getMessage()); // says which key to check; holds no data
        }
        return new Access(row, secret, now);
    }

    private Map<String, Object> metadata(VaultRow r, long now) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("token", r.token());
        m.put("category", r.category());
        m.put("label", r.label());
        m.put("status", r.status(now));
        m.put("agentId", r.agentId());
        m.put("accessPolicy", r.accessPolicy());
        m.put("allowedAgents", split(r.allowedAgents()));
        m.put("targetDomains", split(r.targetDomains()));
        m.put("createdAt", Instant.ofEpochMilli(r.createdAt()).toString());
        m.put(
                "expiresAt",
                r.expiresAt() == null
                        ? null
                        : Instant.ofEpochMilli(r.expiresAt()).toString());
        if (r.revokedAt() != null) {
            m.put("revokedAt", Instant.ofEpochMilli(r.revokedAt()).toString());
        }
        return m;
    }

    private static String requireToken(IncomingEvent e) {
        String token = e.text("token");
        if (token == null) {
            throw ApiError.badRequest(e.type().wireName() + " needs data.token");
        }
        FieldLimits.check(token, "data.token", FieldLimits.VAULT_TOKEN);
        return token;
    }

    private static ApiError notFound() {
        return new ApiError(404, "unknown vault token");
    }

    private List<String> list(JsonNode node) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (node.isArray()) {
            List<String> out = new ArrayList<>();
            node.forEach(n -> {
                if (!n.asText().isBlank()) {
                    out.add(n.asText().strip());
                }
            });
            return out;
        }
        return split(node.asText());
    }

    private static List<String> split(String csv) {
        if (csv == null || csv.isBlank()) {
            return List.of();
        }
        return Arrays.stream(csv.split(","))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .toList();
    }

    private static String orDefault(String v, String d) {
        return v == null ? d : v;
    }

    private byte[] randomBytes() {
        byte[] b = new byte[16];
        random.nextBytes(b);
        return b;
    }
}
