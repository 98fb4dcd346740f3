package ai.oceum.devserver.vault;

import ai.oceum.devserver.protocol.ApiError;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLSocketFactory;

/**
 * Makes the vault proxy's outgoing call: only to a host in the token's target domains; the name
 * resolved once, every address it resolves to checked ({@link AddressPolicy}: unless allowed,
 * never a loopback, private, link-local, carrier-grade-NAT, unique-local or other
 * special-purpose address), and the connection made to the checked address ({@link PinnedHttp}),
 * so a DNS answer that changes between check and use cannot redirect it. The secret is injected
 * per the token's template, redirects are not followed (a redirect could carry the secret
 * elsewhere), and the secret is removed, best effort, from the status, headers and body returned
 * ({@link SecretRedactor}). Stateless apart from its settings; thread-safe.
 */
public final class VaultProxy {
    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD");
    private static final int MAX_RESPONSE_BYTES = 1 << 20;

    /** Resolves a host name to its addresses (the system's DNS, or a fixed table in tests). */
    @FunctionalInterface
    public interface Resolver {
        /** Every address of {@code host}. */
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private final ObjectMapper mapper;
    private final boolean allowPrivate;
    private final Resolver resolver;
    private final PinnedHttp http;

    /** A proxy; {@code allowPrivate} lets it call loopback and private addresses (for local tests). */
    public VaultProxy(ObjectMapper mapper, boolean allowPrivate, Duration timeout) {
        this(mapper, allowPrivate, timeout, InetAddress::getAllByName, (SSLSocketFactory)
                SSLSocketFactory.getDefault());
    }

    VaultProxy(ObjectMapper mapper, boolean allowPrivate, Duration timeout, Resolver resolver, SSLSocketFactory tls) {
        this.mapper = mapper;
        this.allowPrivate = allowPrivate;
        this.resolver = resolver;
        this.http = new PinnedHttp(tls, timeout);
    }

    /** Sends the request described by a {@code vault_proxy} event's data. */
    public Map<String, Object> send(
            JsonNode data, List<String> targetDomains, InjectionTemplate template, String secret) {
        String method = text(data, "method", "GET").toUpperCase(Locale.ROOT);
        if (!METHODS.contains(method)) {
            throw ApiError.badRequest("vault_proxy method must be one of " + METHODS + ", was '" + method + "'");
        }
        URI uri = checkedUri(text(data, "url", null), targetDomains);
        InetAddress address = checkedAddress(uri.getHost());
        if (template.kind().equals("query")) {
            uri = URI.create(template.applyToUrl(uri.toString(), secret));
        }
        Map<String, String> headers = new LinkedHashMap<>();
        JsonNode given = data.get("headers");
        boolean hasContentType = false;
        if (given != null && given.isObject()) {
            for (Map.Entry<String, JsonNode> h : given.properties()) {
                if (template.kind().equals("header") && h.getKey().equalsIgnoreCase(template.name())) {
                    continue; // the injected value wins
                }
                hasContentType |= h.getKey().equalsIgnoreCase("content-type");
                put(headers, h.getKey(), h.getValue().asText());
            }
        }
        if (template.kind().equals("header")) {
            put(headers, template.name(), template.value(secret));
        }
        JsonNode body = data.get("body");
        byte[] bytes = null;
        if (body != null && !body.isNull()) {
            bytes = (body.isTextual() ? body.asText() : body.toString()).getBytes(StandardCharsets.UTF_8);
            if (!body.isTextual() && !hasContentType) {
                headers.put("Content-Type", "application/json");
            }
        } else if (Set.of("POST", "PUT", "PATCH").contains(method)) {
            bytes = new byte[0];
        }
        PinnedHttp.Response response;
        try {
            response = http.send(method, uri, address, headers, bytes, MAX_RESPONSE_BYTES);
        } catch (IOException e) {
            // The message names the host only: a query-injected secret is part of the URL.
            throw new ApiError(
                    502,
                    "vault proxy could not reach '" + uri.getHost() + "': "
                            + e.getClass().getSimpleName());
        }
        return answer(response, new SecretRedactor(secret));
    }

    private URI checkedUri(String url, List<String> targetDomains) {
        if (url == null) {
            throw ApiError.badRequest("vault_proxy needs data.url");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw ApiError.badRequest("vault_proxy url is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw ApiError.badRequest("vault_proxy url must be an absolute http or https URL");
        }
        if (uri.getRawUserInfo() != null) {
            throw ApiError.badRequest("vault_proxy url must not carry user info (user:password@)");
        }
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        if (targetDomains.isEmpty()) {
            throw new ApiError(403, "this vault token has no targetDomains, so the proxy may not send it anywhere");
        }
        boolean listed = targetDomains.stream()
                .map(d -> d.toLowerCase(Locale.ROOT))
                .anyMatch(d -> host.equals(d) || host.endsWith("." + d));
        if (!listed) {
            throw new ApiError(403, "host '" + host + "' is not in this token's targetDomains " + targetDomains);
        }
        return uri;
    }

    /**
     * Resolves the host once and checks every address it has; the first is the one connected to.
     * A name with any forbidden address is refused (a rebinding name may hand out either).
     */
    InetAddress checkedAddress(String host) {
        String name = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(name);
        } catch (UnknownHostException e) {
            throw new ApiError(502, "vault proxy cannot resolve host '" + name + "'");
        }
        if (addresses == null || addresses.length == 0) {
            throw new ApiError(502, "vault proxy cannot resolve host '" + name + "'");
        }
        if (!allowPrivate) {
            for (InetAddress a : addresses) {
                Optional<String> refusal = AddressPolicy.refusal(a);
                if (refusal.isPresent()) {
                    throw new ApiError(
                            403,
                            "the vault proxy does not call special-purpose addresses: '" + name + "' is "
                                    + a.getHostAddress() + ", " + refusal.get()
                                    + "; start the dev server with --vault-proxy-allow-private "
                                    + "to allow it");
                }
            }
        }
        return addresses[0];
    }

    private static void put(Map<String, String> headers, String name, String value) {
        if (name.isEmpty() || !name.chars().allMatch(c -> c > 32 && c < 127 && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0)) {
            throw ApiError.badRequest(
                    "vault_proxy cannot set header '" + name.replaceAll("[^\\x20-\\x7e]", "?") + "' (invalid name)");
        }
        if (PinnedHttp.RESERVED.contains(name.toLowerCase(Locale.ROOT))) {
            throw ApiError.badRequest("vault_proxy cannot set header '" + name + "' (the proxy sets it)");
        }
        if (value.chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0)) {
            throw ApiError.badRequest("vault_proxy header '" + name + "' has a line break in its value");
        }
        headers.put(name, value);
    }

    private Map<String, Object> answer(PinnedHttp.Response response, SecretRedactor redactor) {
        String body = redactor.redact(new String(response.body(), StandardCharsets.UTF_8));
        Map<String, String> headers = new LinkedHashMap<>();
        response.headers().forEach((k, v) -> headers.put(redactor.redact(k), redactor.redact(String.join(", ", v))));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("ok", response.status() >= 200 && response.status() < 300);
        answer.put("status", response.status());
        answer.put("headers", headers);
        answer.put("data", parse(body, headers.getOrDefault("content-type", ""), redactor));
        if (response.truncated()) {
            answer.put("truncated", true);
        }
        return answer;
    }

    private Object parse(String body, String contentType, SecretRedactor redactor) {
        if (contentType.toLowerCase(Locale.ROOT).contains("json") && !body.isBlank()) {
            try {
                return redactor.redact(mapper.readTree(body));
            } catch (IOException e) {
                return body;
            }
        }
        return body;
    }

    private static String text(JsonNode data, String field, String dflt) {
        JsonNode n = data.get(field);
        return n == null || n.isNull() || n.asText().isBlank()
                ? dflt
                : n.asText().strip();
    }
}
