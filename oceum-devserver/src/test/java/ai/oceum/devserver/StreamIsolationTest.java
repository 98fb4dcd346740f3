package ai.oceum.devserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * One dashboard stream that stops reading must not freeze the live updates of the others, and
 * is dropped once a write to it takes longer than the timeout.
 */
@Timeout(90)
class StreamIsolationTest {
    @Test
    void aStreamThatStopsReadingNeitherFreezesTheOthersNorStaysOpen() throws Exception {
        try (DevServer server = DevServer.builder()
                .inMemory()
                .apiKey("k")
                .requestTimeout(Duration.ofSeconds(1))
                .build()
                .start()) {
            Api api = new Api(server);
            String trace = "at com.example.Frame.call(Frame.java:1)\\n".repeat(400); // ~16 KB per error group
            for (int i = 0; i < 30; i++) {
                api.event("{\"event\":\"error\",\"agentId\":\"big\",\"data\":{\"message\":\"m" + i
                        + "\",\"stackTrace\":\"" + trace + "\"}}");
            }
            // A browser tab that stopped reading: a tiny receive window, and nothing is ever read.
            Socket stuck = new Socket();
            stuck.setReceiveBufferSize(4096);
            stuck.setSoTimeout(30_000);
            stuck.connect(new InetSocketAddress("127.0.0.1", server.port()));
            stuck.getOutputStream()
                    .write(("GET /api/stream HTTP/1.1\r\nHost: 127.0.0.1:" + server.port() + "\r\n\r\n")
                            .getBytes(StandardCharsets.ISO_8859_1));

            AtomicInteger snapshots = new AtomicInteger();
            CompletableFuture<HttpResponse<Stream<String>>> reader = HttpClient.newHttpClient()
                    .sendAsync(
                            HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/stream"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofLines());
            CompletableFuture<Void> counting =
                    reader.thenAcceptAsync(r -> r.body().forEach(line -> {
                        if (line.equals("event: snapshot")) {
                            snapshots.incrementAndGet();
                        }
                    }));
            try {
                // ~480 KB per snapshot: the stuck stream's buffers fill after a few. Before the fix the one
                // sender thread then blocked on it, and the reading browser got no more snapshots.
                AtomicInteger n = new AtomicInteger();
                await().atMost(Duration.ofSeconds(45))
                        .pollInterval(Duration.ofMillis(250))
                        .until(() -> {
                            api.event("{\"event\":\"heartbeat\",\"agentId\":\"beat-" + n.incrementAndGet()
                                    + "\",\"data\":{}}");
                            return snapshots.get() >= 25;
                        });
                // The stuck stream was dropped: after what was buffered, the server closed it.
                long t0 = System.nanoTime();
                try {
                    RawHttp.readToEnd(stuck.getInputStream());
                } catch (SocketException reset) {
                    // closed with data unsent: also dropped
                }
                assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(20));
            } finally {
                stuck.close();
                reader.cancel(true);
                counting.cancel(true);
            }
        }
    }
}
