package ai.oceum.devserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Slow clients ("slowloris"): sockets that send half a request and then nothing must neither
 * stall the other requests nor hold the server's workers longer than the request timeout.
 */
@Timeout(60)
class SlowClientsTest {
    private static final HttpClient CLIENT =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static List<Socket> holdPartialRequests(int port, int each) throws Exception {
        List<Socket> sockets = new ArrayList<>();
        for (int i = 0; i < each; i++) {
            Socket headers = RawHttp.connect(port);
            headers.getOutputStream()
                    .write(("GET /api/dashboard HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n")
                            .getBytes(StandardCharsets.ISO_8859_1));
            sockets.add(headers);
            Socket body = RawHttp.connect(port);
            body.getOutputStream()
                    .write(("POST /api/webhook HTTP/1.1\r\nHost: 127.0.0.1:" + port
                                    + "\r\nAuthorization: Bearer k\r\nContent-Length: 1000\r\n\r\n{")
                            .getBytes(StandardCharsets.ISO_8859_1));
            sockets.add(body);
        }
        return sockets;
    }

    private static int get(DevServer server, String path, Duration timeout) throws Exception {
        return CLIENT.send(
                        HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                                .timeout(timeout)
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .statusCode();
    }

    @Test
    void partialRequestsOnSixteenSocketsDoNotStallOtherRequests() throws Exception {
        try (DevServer server =
                DevServer.builder().inMemory().apiKey("k").build().start()) {
            List<Socket> slow = holdPartialRequests(server.port(), 8);
            try {
                // Before the fix, 8 workers sat in blocking reads and this request waited forever.
                assertThat(get(server, "/api/dashboard", Duration.ofSeconds(5))).isEqualTo(200);
                assertThat(new Api(server)
                                .event("{\"event\":\"heartbeat\",\"agentId\":\"a\",\"data\":{}}")
                                .status())
                        .isEqualTo(200);
            } finally {
                for (Socket s : slow) {
                    s.close();
                }
            }
        }
    }

    @Test
    void aClientThatDoesNotSendItsWholeRequestInTimeIsDisconnected() throws Exception {
        try (DevServer server = DevServer.builder()
                .inMemory()
                .apiKey("k")
                .threads(2)
                .requestTimeout(Duration.ofMillis(500))
                .build()
                .start()) {
            List<Socket> slow = holdPartialRequests(server.port(), 2);
            try {
                for (Socket s : slow) {
                    // The server closes it: end of stream (or a reset), long before the 15 s read timeout.
                    long t0 = System.nanoTime();
                    try {
                        RawHttp.readToEnd(s.getInputStream());
                    } catch (SocketException reset) {
                        // closed by the server with unread data: also a disconnect
                    }
                    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
                }
                // The two workers are free again.
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> get(server, "/api/dashboard", Duration.ofSeconds(5)) == 200);
            } finally {
                for (Socket s : slow) {
                    s.close();
                }
            }
        }
    }
}
