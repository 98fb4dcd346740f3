package ai.oceum.devserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Raw HTTP calls to a dev server in tests, so the wire format itself is what is tested. */
final class Api {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final DevServer server;

    Api(DevServer server) {
        this.server = server;
    }

    /** A status and a parsed JSON body. */
    record Reply(int status, JsonNode body, HttpResponse<String> raw) {
        String text(String field) {
            JsonNode n = body.get(field);
            return n == null ? null : n.asText();
        }
    }

    Reply post(String body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/webhook"))
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (headers.length > 0) {
            b.headers(headers);
        }
        return send(b.build());
    }

    /** POST with the server's key in the reference dialect. */
    Reply event(String body, String... headers) {
        String[] all = new String[headers.length + 2];
        all[0] = "Authorization";
        all[1] = "Bearer " + server.apiKey();
        System.arraycopy(headers, 0, all, 2, headers.length);
        return post(body, all);
    }

    Reply get(String pathAndQuery, boolean withKey) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUrl() + pathAndQuery))
                .timeout(Duration.ofSeconds(10))
                .GET();
        if (withKey) {
            b.header("x-api-key", server.apiKey());
        }
        return send(b.build());
    }

    JsonNode dashboard() {
        return get("/api/dashboard", false).body();
    }

    static Reply send(HttpRequest request) {
        try {
            HttpResponse<String> r = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode body = r.body().isEmpty() ? JSON.createObjectNode() : parseOrText(r.body());
            return new Reply(r.statusCode(), body, r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode parseOrText(String s) {
        try {
            return JSON.readTree(s);
        } catch (IOException e) {
            return JSON.getNodeFactory().textNode(s);
        }
    }
}
