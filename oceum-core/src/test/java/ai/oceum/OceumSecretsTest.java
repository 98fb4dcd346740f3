package ai.oceum;

import static org.assertj.core.api.Assertions.assertThat;

import ai.oceum.testing.LogCapture;
import ai.oceum.testing.TestClients;
import ai.oceum.testing.TestReceiver;
import ai.oceum.testing.TestReceiver.Reply;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The API key never shows up in logs, toString() or exception messages. */
class OceumSecretsTest {
    private static final String KEY = TestClients.API_KEY;

    @Test
    void theKeyIsAbsentFromEveryLogLineOfAFailingDelivery(@TempDir Path spool) {
        try (LogCapture logs = LogCapture.start();
                TestReceiver receiver = TestReceiver.start()) {
            receiver.enqueue(
                    Reply.status(500),
                    Reply.status(500),
                    Reply.status(500),
                    Reply.status(500),
                    Reply.json(400, "{\"error\":\"bad\"}"),
                    Reply.json(401, "{\"error\":\"no\"}"));
            List<CompletableFuture<WebhookResponse>> futures = new ArrayList<>();
            try (Oceum oceum = TestClients.builder(receiver, TestClients.agentId("secret"))
                    .maxInFlight(1)
                    .build()) {
                futures.add(oceum.heartbeat());
                futures.add(oceum.heartbeat());
                futures.add(oceum.heartbeat());
                oceum.flush(Duration.ofSeconds(10));
            }
            Oceum offline = TestClients.builder(TestClients.closedPortUrl(), TestClients.agentId("secret"))
                    .maxRetries(1)
                    .spoolDir(spool)
                    .build();
            futures.add(offline.heartbeat());
            offline.flush(Duration.ofMillis(300));
            offline.close(Duration.ofMillis(100));
            List<String> messages = new ArrayList<>();
            for (CompletableFuture<WebhookResponse> f : futures) {
                try {
                    f.join();
                } catch (CompletionException e) {
                    messages.add(e.getCause().toString());
                }
            }

            assertThat(messages).hasSizeGreaterThanOrEqualTo(3).noneMatch(m -> m.contains(KEY));
            assertThat(logs.lines()).isNotEmpty().noneMatch(l -> l.contains(KEY));
        }
    }

    @Test
    @SuppressWarnings("ObjectToString") // the builder's identity string is exactly what must not carry the key
    void theKeyIsAbsentFromToStrings(@TempDir Path spool) {
        OceumBuilder builder =
                TestClients.builder("http://127.0.0.1:9", "tostring").spoolDir(spool);
        assertThat(builder.toString()).doesNotContain(KEY);
        assertThat(builder.settings().toString()).doesNotContain(KEY).contains("tostring");
        try (Oceum oceum = builder.build()) {
            assertThat(oceum.toString()).doesNotContain(KEY).contains("tostring");
            assertThat(oceum.stats().toString()).doesNotContain(KEY);
        }
    }

    @Test
    void aShortKeyIsNotEvenPartlyShown() {
        OceumBuilder builder =
                Oceum.builder().readEnvironment(false).apiKey("abcd1234").agentId("a");
        assertThat(builder.settings().toString()).doesNotContain("abc");
    }
}
