package ai.oceum.internal.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.oceum.Oceum;
import ai.oceum.testing.LogCapture;
import ai.oceum.testing.TestClients;
import ai.oceum.testing.TestReceiver;
import ai.oceum.testing.TestReceiver.Reply;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a user reads when delivery fails: where the SDK tried (the webhook URL, never the key)
 * and why, once (rate-limited), and again in the summary close() logs. From the issue "What a new
 * user hits in the first hour", part 4: before, a short program printed only "Oceum dropped
 * events … client closed before sending".
 */
class DeliveryProblemsTest {
    private static final Duration WAIT = Duration.ofSeconds(15);

    private static List<String> deliverTo(String baseUrl, LogCapture logs) {
        return deliverTo(baseUrl, logs, Duration.ofSeconds(5));
    }

    /**
     * Sends 10 heartbeats with one retry each, waits until they were answered or 8 requests
     * failed (an unreachable receiver: the sender then holds them and probes), closes; returns
     * every line logged.
     */
    private static List<String> deliverTo(String baseUrl, LogCapture logs, Duration requestTimeout) {
        Oceum oceum = TestClients.builder(baseUrl, TestClients.agentId("problems"))
                .allowInsecureHttp(true)
                .maxRetries(1)
                .requestTimeout(requestTimeout)
                .build();
        for (int i = 0; i < 10; i++) {
            oceum.heartbeat();
        }
        await().atMost(WAIT)
                .until(() -> oceum.stats().retried() >= 8
                        || oceum.stats().queued() == 0 && oceum.stats().inFlight() == 0);
        oceum.close(Duration.ofSeconds(1));
        List<String> lines = logs.lines();
        assertThat(lines).noneMatch(l -> l.contains(TestClients.API_KEY));
        return lines;
    }

    private static List<String> matching(List<String> lines, String text) {
        return lines.stream().filter(l -> l.contains(text)).toList();
    }

    @Test
    void aReceiverThatIsNotRunningIsNamedWithItsUrlOnceAndInTheCloseSummary() {
        String url = TestClients.closedPortUrl();
        try (LogCapture logs = LogCapture.start()) {
            List<String> lines = deliverTo(url, logs);

            List<String> first = matching(lines, "could not deliver events");
            assertThat(first)
                    .as("the first failure, and no more (rate-limited): %s", lines)
                    .hasSize(1);
            assertThat(first.get(0))
                    .contains(url + "/api/webhook")
                    .contains("connection refused")
                    .contains("is the receiver running");
            List<String> summary = matching(lines, "closed:");
            assertThat(summary).hasSize(1);
            // Held while the receiver was down (not run out of retries), so the close drops them.
            assertThat(summary.get(0))
                    .contains("10 dropped")
                    .contains("SHUTDOWN 10")
                    .contains("last delivery problem: connection refused at " + url + "/api/webhook");
        }
    }

    @Test
    void aHostNameThatDoesNotResolveIsNamed() {
        // .invalid never resolves (RFC 6761).
        try (LogCapture logs = LogCapture.start()) {
            List<String> lines = deliverTo("https://oceum-test.invalid", logs);

            List<String> first = matching(lines, "could not deliver events");
            assertThat(first).hasSize(1);
            assertThat(first.get(0))
                    .contains("https://oceum-test.invalid/api/webhook")
                    .contains("unknown host 'oceum-test.invalid'")
                    .contains("check the host in OCEUM_BASE_URL");
            assertThat(matching(lines, "closed:"))
                    .singleElement()
                    .asString()
                    .contains("last delivery problem: unknown host 'oceum-test.invalid'");
        }
    }

    @Test
    void anHttpsUrlForAPlainHttpServerIsNamedAsATlsFailure() throws Exception {
        // A plain HTTP server that answers at once, as most do, to the TLS hello it cannot read.
        try (LogCapture logs = LogCapture.start();
                ServerSocket plain = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread server = new Thread(
                    () -> {
                        while (!plain.isClosed()) {
                            try (Socket s = plain.accept()) {
                                s.getOutputStream()
                                        .write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"
                                                .getBytes(StandardCharsets.US_ASCII));
                            } catch (IOException closed) {
                                // the test is over
                            }
                        }
                    },
                    "plain-http");
            server.setDaemon(true);
            server.start();
            String url = "https://127.0.0.1:" + plain.getLocalPort();
            List<String> lines = deliverTo(url, logs);

            assertThat(matching(lines, "could not deliver events"))
                    .singleElement()
                    .asString()
                    .contains(url + "/api/webhook")
                    .contains("TLS failed")
                    .contains("plain http:// server");
        }
    }

    @Test
    void aReceiverSlowerThanTheRequestTimeoutIsNamedWithTheTimeout() {
        try (LogCapture logs = LogCapture.start();
                TestReceiver receiver = TestReceiver.start()) {
            receiver.respondWith(r -> Reply.ok().after(Duration.ofSeconds(2)));
            List<String> lines = deliverTo(receiver.baseUrl(), logs, Duration.ofMillis(300));

            assertThat(matching(lines, "could not deliver events"))
                    .singleElement()
                    .asString()
                    .contains(receiver.baseUrl() + "/api/webhook")
                    .contains("no answer within the request timeout of 300 ms");
        }
    }

    @Test
    void theWrongKeyWarningNamesTheUrlAndEndsItsSentences() {
        try (LogCapture logs = LogCapture.start();
                TestReceiver receiver = TestReceiver.start()) {
            receiver.respondWith(r -> Reply.json(401, "{\"error\":\"invalid key\"}"));
            List<String> lines = deliverTo(receiver.baseUrl(), logs);

            assertThat(matching(lines, "refused the API key"))
                    .singleElement()
                    .asString()
                    .contains("at " + receiver.baseUrl() + "/api/webhook (HTTP 401).")
                    .contains(
                            "Events are dropped until the key is fixed: check OCEUM_API_KEY. Check that this key may report"
                                    + " for this agent.");
            assertThat(matching(lines, "closed:"))
                    .singleElement()
                    .asString()
                    .contains("UNAUTHORIZED 10")
                    .contains("last delivery problem: HTTP 401 (API key refused) from " + receiver.baseUrl());
        }
    }

    @Test
    void theCloseSummarySaysWhatWasLeftInTheSpool(@TempDir Path spool) {
        String url = TestClients.closedPortUrl();
        try (LogCapture logs = LogCapture.start()) {
            Oceum oceum = TestClients.builder(url, TestClients.agentId("problems-spool"))
                    .spoolDir(spool)
                    .maxRetries(0)
                    .build();
            for (int i = 0; i < 5; i++) {
                oceum.heartbeat();
            }
            oceum.close(Duration.ofMillis(300));

            assertThat(matching(logs.lines(), "closed:"))
                    .singleElement()
                    .asString()
                    .contains("5 kept in the spool for the next client")
                    .contains("connection refused at " + url);
        }
    }
}
