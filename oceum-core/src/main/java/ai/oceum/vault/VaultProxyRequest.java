package ai.oceum.vault;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An outgoing HTTP request the vault proxy makes with the secret injected: the agent never sees
 * the secret. Oceum checks that the URL's host is one of the token's target domains; this class
 * only checks that a method it supports and a URL are given. Immutable when {@code body} is
 * (the headers are copied) and thread-safe then.
 *
 * @param method the HTTP method (GET, POST, PUT, DELETE, PATCH or HEAD; any case)
 * @param url the absolute target URL
 * @param headers extra headers, copied (the secret is injected separately); null for none
 * @param body the body: a map or list is sent as JSON, a string as is; null for none
 */
public record VaultProxyRequest(String method, String url, Map<String, String> headers, Object body) {
    /** Checks that the method is supported and the URL given; copies the headers. */
    public VaultProxyRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(url, "url");
        method = method.toUpperCase(java.util.Locale.ROOT);
        if (!java.util.Set.of("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD").contains(method)) {
            throw new IllegalArgumentException("unsupported method " + method);
        }
        headers = headers == null ? Map.of() : Map.copyOf(new LinkedHashMap<>(headers));
    }

    /** A GET request. */
    public static VaultProxyRequest get(String url) {
        return new VaultProxyRequest("GET", url, Map.of(), null);
    }

    /** A POST request with a body. */
    public static VaultProxyRequest post(String url, Object body) {
        return new VaultProxyRequest("POST", url, Map.of(), body);
    }
}
