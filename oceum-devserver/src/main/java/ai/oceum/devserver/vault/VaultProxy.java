package ai.oceum.devserver.vault;

import ai.oceum.devserver.protocol.ApiError;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Makes the vault proxy's outgoing call: only to a host in the token's target domains (and,
 * unless allowed, never to a loopback or private address), with the secret injected per the
 * token's template, no redirects followed (a redirect could carry the secret elsewhere), and
 * every trace of the secret removed from the status, headers and body returned.
 */
public final class VaultProxy {
    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD");
    private static final int MAX_RESPONSE_BYTES = 1 << 20;
    private static final String REDACTED = "[redacted]";

    private final HttpClient client;
    private final ObjectMapper mapper;
    private final boolean allowPrivate;
    private final Duration timeout;

    /** A proxy; {@code allowPrivate} lets it call loopback and private addresses (for local tests). */
    public VaultProxy(ObjectMapper mapper, boolean allowPrivate, Duration timeout) {
        this.mapper = mapper;
        this.allowPrivate = allowPrivate;
        this.timeout = timeout;
        this.client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).connectTimeout(timeout).build();
    }

    /** Sends the request described by a {@code vault_proxy} event's data. */
    public Map<String, Object> send(JsonNode data, List<String> targetDomains, InjectionTemplate template, String secret) {
        String method = text(data, "method", "GET").toUpperCase(Locale.ROOT);
        if (!METHODS.contains(method)) {
            throw ApiError.badRequest("vault_proxy method must be one of " + METHODS + ", was '" + method + "'");
        }
        URI uri = checkedUri(text(data, "url", null), targetDomains);
        String url = template.kind().equals("query") ? template.applyToUrl(uri.toString(), secret) : uri.toString();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout);
        JsonNode headers = data.get("headers");
        boolean hasContentType = false;
        if (headers != null && headers.isObject()) {
            for (Map.Entry<String, JsonNode> h : headers.properties()) {
                if (template.kind().equals("header") && h.getKey().equalsIgnoreCase(template.name())) {
                    continue; // the injected value wins
                }
                hasContentType |= h.getKey().equalsIgnoreCase("content-type");
                header(request, h.getKey(), h.getValue().asText());
            }
        }
        if (template.kind().equals("header")) {
            header(request, template.name(), template.value(secret));
        }
        JsonNode body = data.get("body");
        HttpRequest.BodyPublisher publisher = HttpRequest.BodyPublishers.noBody();
        if (body != null && !body.isNull()) {
            publisher = HttpRequest.BodyPublishers.ofString(body.isTextual() ? body.asText() : body.toString());
            if (!body.isTextual() && !hasContentType) {
                request.header("Content-Type", "application/json");
            }
        }
        request.method(method, publisher);
        return answer(execute(request.build(), uri.getHost()), secret);
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
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        if (targetDomains.isEmpty()) {
            throw new ApiError(403, "this vault token has no targetDomains, so the proxy may not send it anywhere");
        }
        boolean listed = targetDomains.stream().map(d -> d.toLowerCase(Locale.ROOT))
                .anyMatch(d -> host.equals(d) || host.endsWith("." + d));
        if (!listed) {
            throw new ApiError(403, "host '" + host + "' is not in this token's targetDomains " + targetDomains);
        }
        if (!allowPrivate && isPrivate(host)) {
            throw new ApiError(403, "the vault proxy does not call loopback or private addresses ('" + host
                    + "'); start the dev server with --vault-proxy-allow-private to allow it");
        }
        return uri;
    }

    private static boolean isPrivate(String host) {
        try {
            for (InetAddress a : InetAddress.getAllByName(host)) {
                if (a.isLoopbackAddress() || a.isSiteLocalAddress() || a.isLinkLocalAddress() || a.isAnyLocalAddress()) {
                    return true;
                }
            }
            return false;
        } catch (UnknownHostException e) {
            throw new ApiError(502, "vault proxy cannot resolve host '" + host + "'");
        }
    }

    private static void header(HttpRequest.Builder request, String name, String value) {
        try {
            request.setHeader(name, value);
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("vault_proxy cannot set header '" + name + "' (restricted or invalid)");
        }
    }

    private HttpResponse<InputStream> execute(HttpRequest request, String host) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            // The message names the host only: a query-injected secret is part of the URL.
            throw new ApiError(502, "vault proxy could not reach '" + host + "': " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiError(503, "vault proxy was interrupted");
        }
    }

    private Map<String, Object> answer(HttpResponse<InputStream> response, String secret) {
        String body;
        try (InputStream in = response.body()) {
            body = new String(in.readNBytes(MAX_RESPONSE_BYTES), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ApiError(502, "vault proxy could not read the target's answer: " + e.getClass().getSimpleName());
        }
        List<String> forms = List.of(secret, URLEncoder.encode(secret, StandardCharsets.UTF_8));
        body = redact(body, forms);
        Map<String, String> headers = new LinkedHashMap<>();
        response.headers().map().forEach((k, v) -> {
            if (!k.startsWith(":") && !v.isEmpty()) {
                headers.put(k, redact(v.get(0), forms));
            }
        });
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("ok", response.statusCode() >= 200 && response.statusCode() < 300);
        answer.put("status", response.statusCode());
        answer.put("headers", headers);
        answer.put("data", parse(body, headers.getOrDefault("content-type", "")));
        return answer;
    }

    private Object parse(String body, String contentType) {
        if (contentType.toLowerCase(Locale.ROOT).contains("json") && !body.isBlank()) {
            try {
                return mapper.readTree(body);
            } catch (IOException e) {
                return body;
            }
        }
        return body;
    }

    private static String redact(String s, List<String> forms) {
        String out = s;
        for (String f : forms) {
            if (!f.isEmpty()) {
                out = out.replace(f, REDACTED);
            }
        }
        return out;
    }

    private static String text(JsonNode data, String field, String dflt) {
        JsonNode n = data.get(field);
        return n == null || n.isNull() || n.asText().isBlank() ? dflt : n.asText().strip();
    }
}
