package ai.oceum.springai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.oceum.testing.FakeOpenAi.Reply;
import ai.oceum.testing.LogCapture;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.client.ChatClient;
import reactor.core.Disposable;

/**
 * Calls whose end never comes (a stream nobody finishes) or that are too many at once: their
 * task is closed as failed, said so in a warning, and their state dropped. A fake clock stands in
 * for the minutes.
 */
class CallExpiryTest {
    private static final Duration EXPIRY = Duration.ofMinutes(1);

    private final AtomicLong clock = new AtomicLong(1_000);

    private Disposable heldStream(ChatClient chat, String prompt) {
        return chat.prompt().user(prompt).stream().content().subscribe(part -> {}, error -> {});
    }

    @Test
    void closesAStreamThatShowsNoEventForTheExpiryAsFailed() throws Exception {
        OceumSpringAiOptions options = OceumSpringAiOptions.builder()
                .stateExpiry(EXPIRY)
                .nanoClock(clock::get)
                .build();
        try (Harness h = new Harness(options);
                LogCapture logs = LogCapture.start()) {
            h.openAi.respondWith(request -> Reply.answer("never in time", 1, 1).after(Duration.ofSeconds(60)));
            Disposable stream = heldStream(h.chatClient(), "hold on");
            await().atMost(Harness.WAIT).until(() -> h.openAi.requests().size() == 1);
            assertThat(h.handler.openCalls()).isEqualTo(1);

            clock.addAndGet(EXPIRY.minusSeconds(1).toNanos());
            assertThat(h.handler.expireIdleCalls()).isZero();
            clock.addAndGet(Duration.ofSeconds(2).toNanos());
            assertThat(h.handler.expireIdleCalls()).isEqualTo(1);
            assertThat(h.handler.openCalls()).isZero();

            JsonNode failed = h.await("error", 1).get(0);
            assertThat(failed.path("taskStatus").asText()).isEqualTo("failed");
            assertThat(failed.path("type").asText()).isEqualTo(AbandonedCallException.class.getName());
            assertThat(failed.path("message").asText()).contains("showed no event for PT1M");
            assertThat(failed.path("meta").path("abandoned").asBoolean()).isTrue();

            stream.dispose(); // Spring AI now stops the observation: too late, and said so
            await().atMost(Harness.WAIT)
                    .until(() -> logs.warnings().stream().anyMatch(w -> w.contains("no longer tracking")));
            assertThat(h.all("error")).as("the task is not reported twice").hasSize(1);
        }
    }

    @Test
    void closesTheLeastRecentlyActiveCallWhenTooManyAreInProgress() throws Exception {
        OceumSpringAiOptions options = OceumSpringAiOptions.builder()
                .maxOpenCalls(1)
                .nanoClock(clock::get)
                .build();
        try (Harness h = new Harness(options);
                LogCapture logs = LogCapture.start()) {
            h.openAi.respondWith(request -> Reply.answer("slow", 1, 1).after(Duration.ofSeconds(60)));
            ChatClient chat = h.chatClient();
            Disposable first = heldStream(chat, "first");
            await().atMost(Harness.WAIT).until(() -> h.openAi.requests().size() == 1);
            clock.addAndGet(1_000_000);
            Disposable second = heldStream(chat, "second");
            await().atMost(Harness.WAIT).until(() -> h.openAi.requests().size() == 2);

            assertThat(h.handler.openCalls()).isEqualTo(1);
            JsonNode evicted = h.await("error", 1).get(0);
            assertThat(evicted.path("taskId").asText())
                    .isEqualTo(h.all("task_start").get(0).path("taskId").asText());
            assertThat(evicted.path("message").asText()).contains("was evicted: more than 1 calls in progress");
            assertThat(logs.warnings()).anyMatch(w -> w.contains("tracks at most 1 ChatClient calls"));
            first.dispose();
            second.dispose();
        }
    }
}
