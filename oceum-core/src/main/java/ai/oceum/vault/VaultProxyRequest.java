package ai.oceum.vault;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An outgoing HTTP request the vault proxy makes with the secret injected: the agent never sees
 * the secret. The URL's host must be in the token's target domains.
 *
 * @param method the HTTP method (GET, POST, PUT, DELETE, PATCH)
 * @param url the absolute target URL
 * @param headers extra headers (the secret is injected separately)
 * @param body the body: a map or list is sent as JSON, a string as is; null for none
 */
public record VaultProxyRequest(String method, String url, Map<String, String> headers, Object body) {
    /** Validates the method and URL. */
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
