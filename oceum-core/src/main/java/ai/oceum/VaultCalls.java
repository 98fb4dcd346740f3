package ai.oceum;

import static ai.oceum.RemoteAnswers.entryList;
import static ai.oceum.RemoteAnswers.str;
import static ai.oceum.RemoteAnswers.urlEncode;

import ai.oceum.internal.delivery.Requests;
import ai.oceum.internal.json.SafeJson;
import ai.oceum.vault.VaultEntry;
import ai.oceum.vault.VaultListOptions;
import ai.oceum.vault.VaultProxyRequest;
import ai.oceum.vault.VaultProxyResponse;
import ai.oceum.vault.VaultSecret;
import ai.oceum.vault.VaultStoreOptions;
import ai.oceum.vault.VaultToken;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The vault calls behind the facade's {@code vault*} methods: each maps its options to the
 * request Oceum expects ({@code vault_*} events, {@code GET /api/vault}) and the answer back to a
 * public value. Synchronous, on the caller's thread; failures are {@link OceumException}s whose
 * messages never hold the secret. Thread-safe (stateless apart from the {@link Requests} it uses).
 */
final class VaultCalls {
    private final Requests requests;
    private final String agentId;

    VaultCalls(Requests requests, String agentId) {
        this.requests = requests;
        this.agentId = agentId;
    }

    VaultToken store(String data, VaultStoreOptions options) {
        if (data == null) {
            throw new IllegalArgumentException("vault data must not be null");
        }
        VaultStoreOptions o = options == null ? VaultStoreOptions.defaults() : options;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("data", data);
        body.put("category", o.category());
        body.put("accessPolicy", o.accessPolicy());
        if (!o.allowedAgents().isEmpty()) {
            body.put("allowedAgents", String.join(",", o.allowedAgents()));
        }
        body.put("ttl", o.ttl().wireValue());
        if (o.label() != null) {
            body.put("label", o.label());
        }
        if (!o.targetDomains().isEmpty()) {
            body.put("targetDomains", String.join(",", o.targetDomains()));
        }
        if (o.injectionTemplate() != null) {
            body.put("injectionTemplate", o.injectionTemplate());
        }
        Map<String, Object> answer = requests.post("vault_store", body, "vault store");
        String token = str(answer.get("token"));
        if (token == null) {
            throw new OceumException("Oceum vault store answered without a token", 200, "", null, null);
        }
        return new VaultToken(token, answer);
    }

    VaultSecret retrieve(String token) {
        Map<String, Object> answer =
                requests.post("vault_retrieve", Map.of("token", requireToken(token)), "vault retrieve");
        Object data = answer.get("data");
        return new VaultSecret(
                token,
                data == null
                        ? null
                        : data instanceof String s ? s : new String(SafeJson.value(data), StandardCharsets.UTF_8));
    }

    VaultProxyResponse proxy(String token, VaultProxyRequest request) {
        if (request == null) {
            throw new IllegalArgumentException("vault proxy request must not be null");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("token", requireToken(token));
        body.put("method", request.method());
        body.put("url", request.url());
        if (!request.headers().isEmpty()) {
            body.put("headers", request.headers());
        }
        if (request.body() != null) {
            body.put("body", request.body());
        }
        Map<String, Object> answer = requests.post("vault_proxy", body, "vault proxy");
        Map<String, String> headers = new LinkedHashMap<>();
        if (answer.get("headers") instanceof Map<?, ?> h) {
            h.forEach((k, v) -> headers.put(String.valueOf(k), String.valueOf(v)));
        }
        Object status = answer.get("status");
        return new VaultProxyResponse(
                Boolean.TRUE.equals(answer.get("ok")),
                status instanceof Number n ? n.intValue() : 0,
                headers,
                answer.get("data"));
    }

    boolean revoke(String token) {
        Map<String, Object> answer =
                requests.post("vault_revoke", Map.of("token", requireToken(token)), "vault revoke");
        Object revoked = answer.get("revoked");
        return revoked instanceof Boolean b ? b : Boolean.TRUE.equals(answer.get("ok"));
    }

    List<VaultEntry> list(VaultListOptions options) {
        VaultListOptions o = options == null ? VaultListOptions.all() : options;
        StringBuilder path = new StringBuilder("/api/vault?");
        if (o.category() != null) {
            path.append("category=").append(urlEncode(o.category())).append('&');
        }
        if (o.status() != null) {
            path.append("status=").append(urlEncode(o.status())).append('&');
        }
        path.append("limit=").append(o.limit());
        // Which agent asks: a server that keeps one agent from another's secrets (the dev server) lists
        // the tokens this agent may use; without it, it withholds every token but those open to any agent.
        path.append("&agentId=").append(urlEncode(agentId));
        Map<String, Object> body = requests.get(path.toString(), "vault list");
        List<VaultEntry> entries = new ArrayList<>();
        for (Map<String, Object> e : entryList(body, "entries", "tokens")) {
            entries.add(new VaultEntry(
                    str(e.get("token")),
                    str(e.get("category")),
                    str(e.get("label")),
                    str(e.get("status")),
                    str(e.getOrDefault("createdAt", e.get("created_at"))),
                    str(e.getOrDefault("expiresAt", e.get("expires_at"))),
                    e));
        }
        return entries;
    }

    private static String requireToken(String token) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("vault token must not be blank");
        }
        return token;
    }
}
