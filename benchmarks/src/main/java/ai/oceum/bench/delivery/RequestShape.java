package ai.oceum.bench.delivery;

import ai.oceum.Oceum;
import ai.oceum.testing.LoopbackHttpServer;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Checks that the ceilings of {@link DeliveryThroughput} send what the SDK sends: one request of
 * each is captured by a loopback server and their header names, header value sizes and body sizes
 * compared. Run once before measuring; a mismatch stops the run (an unfair ceiling would make
 * the ratio meaningless).
 *
 * <p>Not thread-safe; one check at a time.
 */
final class RequestShape {
    /** A captured request: header name to value size, and the body size. */
    record Shape(Map<String, Integer> headerSizes, int bodyBytes, String body) {}

    private RequestShape() {}

    /** Captures one SDK event and one {@link Ceilings#request} and fails if they differ in shape. */
    static String check() throws Exception {
        List<Shape> seen = new CopyOnWriteArrayList<>();
        try (LoopbackHttpServer server = LoopbackHttpServer.builder("shape-capture")
                .threads(1)
                .handle("/", exchange -> capture(exchange, seen))
                .start()) {
            Oceum oceum = ai.oceum.bench.support.BenchClients.builder(server.baseUrl())
                    .apiKey(Receiver.API_KEY)
                    .build();
            try {
                oceum.taskComplete("bench-task", Map.of("seq", 1234));
                if (!oceum.flush(Duration.ofSeconds(30))) {
                    throw new IllegalStateException("capture: the SDK did not deliver: " + oceum.stats());
                }
            } finally {
                oceum.close(Duration.ZERO);
            }
            HttpClient client =
                    HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            client.send(
                    Ceilings.request(URI.create(server.baseUrl() + "/api/webhook"), Receiver.API_KEY, 1234),
                    HttpResponse.BodyHandlers.discarding());
        }
        if (seen.size() != 2) {
            throw new IllegalStateException("capture: expected 2 requests, got " + seen.size());
        }
        Shape sdk = seen.get(0);
        Shape bare = seen.get(1);
        if (!sdk.headerSizes().equals(bare.headerSizes()) || sdk.bodyBytes() != bare.bodyBytes()) {
            throw new IllegalStateException(
                    "the ceiling's request differs from the SDK's:\n  SDK:     " + sdk + "\n  ceiling: " + bare);
        }
        return "request shape checked: same headers (name -> value bytes) " + sdk.headerSizes() + ", body "
                + sdk.bodyBytes() + " bytes in both; SDK body " + sdk.body();
    }

    private static void capture(HttpExchange exchange, List<Shape> seen) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        Map<String, Integer> headers = new TreeMap<>();
        exchange.getRequestHeaders()
                .forEach((name, values) -> headers.put(
                        name.toLowerCase(java.util.Locale.ROOT),
                        String.join(",", values).getBytes(StandardCharsets.UTF_8).length));
        seen.add(new Shape(headers, body.length, new String(body, StandardCharsets.UTF_8)));
        byte[] ok = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, ok.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(ok);
        }
    }
}
