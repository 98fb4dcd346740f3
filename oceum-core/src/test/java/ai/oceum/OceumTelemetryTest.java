package ai.oceum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ai.oceum.memory.MemoryWrite;
import ai.oceum.testing.TestClients;
import ai.oceum.testing.TestReceiver;
import ai.oceum.testing.TestReceiver.Recorded;
import ai.oceum.testing.TestReceiver.Reply;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every telemetry call's request, checked field by field against docs/protocol.md. */
class OceumTelemetryTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private TestReceiver receiver;
    private Oceum oceum;
    private String agent;

    @BeforeEach
    void start() {
        receiver = TestReceiver.start();
        agent = TestClients.agentId("telemetry");
        oceum = TestClients.builder(receiver, agent).build();
    }

    @AfterEach
    void stop() {
        oceum.close();
        receiver.close();
    }

    private Recorded only(String type) {
        assertThat(oceum.flush(WAIT)).isTrue();
        List<Recorded> events = receiver.awaitEvents(type, 1, WAIT);
        assertThat(events).hasSize(1);
        return events.get(0);
    }

    @Test
    void heartbeatCarriesTheProtocolHeadersAndEnvelope() throws Exception {
        Instant before = Instant.now().minusMillis(1);
        WebhookResponse answer = oceum.heartbeat().get(10, TimeUnit.SECONDS);
        Recorded r = only("heartbeat");

        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.path()).isEqualTo("/api/webhook");
        assertThat(r.header("Authorization")).isEqualTo("Bearer " + TestClients.API_KEY);
        assertThat(r.header("Content-Type")).isEqualTo("application/json");
        assertThat(r.header("Accept")).isEqualTo("application/json");
        assertThat(r.header("User-Agent")).matches("oceum-java/\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
        JsonNode body = r.json();
        assertThat(body.path("event").asText()).isEqualTo("heartbeat");
        assertThat(body.path("agentId").asText()).isEqualTo(agent);
        assertThat(UUID.fromString(body.path("eventId").asText()).version()).isEqualTo(4);
        assertThat(r.eventId()).isEqualTo(body.path("eventId").asText());
        assertThat(Instant.parse(body.path("timestamp").asText())).isBetween(before, Instant.now());
        assertThat(body.path("data").isObject()).isTrue();
        assertThat(body.path("data").size()).isZero();
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.ok()).isTrue();
    }

    @Test
    void eachEventHasItsOwnIdempotencyKey() {
        oceum.heartbeat();
        oceum.heartbeat();
        assertThat(oceum.flush(WAIT)).isTrue();
        List<Recorded> beats = receiver.awaitEvents("heartbeat", 2, WAIT);
        assertThat(beats).extracting(Recorded::eventId).doesNotHaveDuplicates().doesNotContainNull();
    }

    @Test
    void taskStartAndCompleteCarryNameAndMeta() {
        oceum.taskStart("classify-ticket", Map.of("ticket", 4812));
        oceum.taskComplete("classify-ticket", Map.of("confidence", 0.93, "label", "billing"));
        Recorded start = only("task_start");
        Recorded complete = only("task_complete");

        assertThat(start.data().path("taskName").asText()).isEqualTo("classify-ticket");
        assertThat(start.data().path("meta").path("ticket").asInt()).isEqualTo(4812);
        assertThat(complete.data().path("taskName").asText()).isEqualTo("classify-ticket");
        assertThat(complete.data().path("meta").path("confidence").asDouble()).isEqualTo(0.93);
        assertThat(complete.data().path("meta").path("label").asText()).isEqualTo("billing");
        assertThat(complete.data().has("taskId")).isFalse();
    }

    @Test
    void plainTaskCompleteInsideAnOpenTaskKeepsItsOwnNameAndPointsToTheOpenTask() {
        try (TaskScope outer = oceum.startTask("outer")) {
            oceum.taskComplete("inner-step");
            assertThat(oceum.flush(WAIT)).isTrue();
            Recorded complete = receiver.awaitEvents("task_complete", 1, WAIT).get(0);
            assertThat(complete.data().path("taskName").asText()).isEqualTo("inner-step");
            assertThat(complete.data().path("parentTaskId").asText()).isEqualTo(outer.id());
        }
    }

    @Test
    void errorFromThrowableCarriesTypeMessageStackTraceCausesAndSuppressed() {
        IllegalStateException root = new IllegalStateException("root cause");
        IOException middle = new IOException("disk gone", root);
        RuntimeException top = new RuntimeException("ticket 7 failed", middle);
        top.addSuppressed(new IllegalArgumentException("cleanup failed"));

        oceum.error(top, Map.of("ticket", 7));
        JsonNode data = only("error").data();

        assertThat(data.path("message").asText()).isEqualTo("ticket 7 failed");
        assertThat(data.path("type").asText()).isEqualTo("java.lang.RuntimeException");
        assertThat(data.path("stackTrace").asText())
                .contains("java.lang.RuntimeException: ticket 7 failed")
                .contains("OceumTelemetryTest")
                .contains("Caused by: java.io.IOException: disk gone");
        assertThat(data.path("causes")).hasSize(2);
        assertThat(data.path("causes").get(0).path("type").asText()).isEqualTo("java.io.IOException");
        assertThat(data.path("causes").get(0).path("message").asText()).isEqualTo("disk gone");
        assertThat(data.path("causes").get(1).path("type").asText()).isEqualTo("java.lang.IllegalStateException");
        assertThat(data.path("suppressed")).hasSize(1);
        assertThat(data.path("suppressed").get(0).path("message").asText()).isEqualTo("cleanup failed");
        assertThat(data.path("meta").path("ticket").asInt()).isEqualTo(7);
    }

    @Test
    void errorFromMessageCarriesMessageAndMeta() {
        oceum.error("model refused", Map.of("model", "gpt-4o"));
        JsonNode data = only("error").data();
        assertThat(data.path("message").asText()).isEqualTo("model refused");
        assertThat(data.path("meta").path("model").asText()).isEqualTo("gpt-4o");
        assertThat(data.has("stackTrace")).isFalse();
    }

    @Test
    void errorWithoutMessageUsesTheExceptionClass() {
        oceum.error(new NullPointerException());
        assertThat(only("error").data().path("message").asText()).isEqualTo("java.lang.NullPointerException");
    }

    @Test
    void setStatusSendsTheStatus() {
        oceum.setStatus("busy");
        assertThat(only("status").data().path("status").asText()).isEqualTo("busy");
    }

    @Test
    void reportUsageSendsTokensAndReadsTheCostFromTheAnswer() throws Exception {
        receiver.enqueue(Reply.json(200, "{\"ok\":true,\"event\":\"usage\",\"costUsd\":0.0123}"));
        WebhookResponse answer = oceum.reportUsage(Usage.builder()
                        .model("gpt-4o")
                        .provider("openai")
                        .tokensInput(1200)
                        .tokensOutput(450)
                        .finishReason("STOP")
                        .duration(Duration.ofMillis(812))
                        .meta("route", "triage")
                        .build())
                .get(10, TimeUnit.SECONDS);

        assertThat(answer.costUsd()).hasValue(new java.math.BigDecimal("0.0123"));
        assertThat(answer.event()).isEqualTo("usage");
        JsonNode data = only("usage").data();
        assertThat(data.path("model").asText()).isEqualTo("gpt-4o");
        assertThat(data.path("tokensInput").asLong()).isEqualTo(1200);
        assertThat(data.path("tokensOutput").asLong()).isEqualTo(450);
        assertThat(data.path("provider").asText()).isEqualTo("openai");
        assertThat(data.path("finishReason").asText()).isEqualTo("STOP");
        assertThat(data.path("durationMs").asLong()).isEqualTo(812);
        assertThat(data.path("usageReported").asBoolean()).isTrue();
        assertThat(data.path("meta").path("route").asText()).isEqualTo("triage");
        assertThat(data.has("taskId")).isFalse();
    }

    @Test
    void memoryWriteSendsContentTagsAndMeta() {
        oceum.memory(
                "Customer 42 prefers email",
                MemoryWrite.builder()
                        .tags("customer-42", " prefs ", "")
                        .meta(Map.of("source", "chat"))
                        .build());
        JsonNode data = only("memory").data();
        assertThat(data.path("content").asText()).isEqualTo("Customer 42 prefers email");
        assertThat(data.path("tags")).extracting(JsonNode::asText).containsExactly("customer-42", "prefs");
        assertThat(data.path("meta").path("source").asText()).isEqualTo("chat");
    }

    @Test
    void wrapCallableReportsStartAndCompletionWithDurationAndReturnsTheValue() {
        String result = oceum.wrap("summarise", Map.of("doc", "a.pdf"), () -> "summary");
        assertThat(result).isEqualTo("summary");
        JsonNode start = only("task_start").data();
        JsonNode complete = only("task_complete").data();
        assertThat(start.path("taskName").asText()).isEqualTo("summarise");
        assertThat(start.path("meta").path("doc").asText()).isEqualTo("a.pdf");
        assertThat(complete.path("taskId").asText())
                .isEqualTo(start.path("taskId").asText());
        assertThat(complete.path("durationMs").isIntegralNumber()).isTrue();
        assertThat(complete.path("durationMs").asLong()).isNotNegative();
        assertThat(receiver.events("error")).isEmpty();
    }

    @Test
    void wrapRethrowsTheOriginalCheckedExceptionAndReportsTheFailedTask() {
        IOException boom = new IOException("upstream down");
        assertThatThrownBy(() -> oceum.wrap("fetch", () -> {
                    throw boom;
                }))
                .isSameAs(boom);
        JsonNode error = only("error").data();
        JsonNode start = only("task_start").data();
        assertThat(error.path("taskStatus").asText()).isEqualTo("failed");
        assertThat(error.path("taskName").asText()).isEqualTo("fetch");
        assertThat(error.path("taskId").asText()).isEqualTo(start.path("taskId").asText());
        assertThat(error.path("type").asText()).isEqualTo("java.io.IOException");
        assertThat(error.path("message").asText()).isEqualTo("upstream down");
        assertThat(error.has("durationMs")).isTrue();
        assertThat(receiver.events("task_complete")).isEmpty();
    }

    @Test
    void wrapRunnableRethrowsTheOriginalUncheckedException() {
        UncheckedIOException boom = new UncheckedIOException(new IOException("x"));
        assertThatThrownBy(() -> oceum.wrap("step", (TaskRunnable<RuntimeException>) () -> {
                    throw boom;
                }))
                .isSameAs(boom);
        assertThat(only("error").data().path("taskStatus").asText()).isEqualTo("failed");
    }

    @Test
    void wrapRunnableCompletesTheTask() {
        int[] ran = {0};
        oceum.wrap("step", (TaskRunnable<RuntimeException>) () -> ran[0]++);
        assertThat(ran[0]).isEqualTo(1);
        assertThat(only("task_complete").data().path("taskName").asText()).isEqualTo("step");
    }

    @Test
    void currentTaskIsTheInnermostOpenTask() {
        assertThat(TaskScope.current()).isEmpty();
        oceum.wrap("outer", (TaskRunnable<RuntimeException>) () -> {
            TaskScope outer = TaskScope.current().orElseThrow();
            assertThat(outer.name()).isEqualTo("outer");
            oceum.wrap("inner", (TaskRunnable<RuntimeException>) () ->
                    assertThat(TaskScope.current().orElseThrow().parentId()).isEqualTo(outer.id()));
            assertThat(TaskScope.current()).containsSame(outer);
        });
        assertThat(TaskScope.current()).isEmpty();
    }

    @Test
    void heartbeatRepeatsUntilStopped() {
        oceum.startHeartbeat(Duration.ofSeconds(1));
        List<Recorded> beats = receiver.awaitEvents("heartbeat", 3, WAIT);
        oceum.stopHeartbeat();
        assertThat(Duration.between(beats.get(0).receivedAt(), beats.get(2).receivedAt()))
                .isBetween(Duration.ofMillis(1300), Duration.ofMillis(4000));
        int count = receiver.events("heartbeat").size();
        await().during(Duration.ofMillis(1300))
                .atMost(Duration.ofSeconds(3))
                .until(() -> receiver.events("heartbeat").size() == count);
    }

    @Test
    void heartbeatJitterStaysWithinTenPercent() {
        assertThat(Heartbeat.jittered(60_000, 0.0)).isEqualTo(54_000);
        assertThat(Heartbeat.jittered(60_000, 0.5)).isEqualTo(60_000);
        assertThat(Heartbeat.jittered(60_000, Math.nextDown(1.0))).isBetween(65_999L, 66_000L);
        java.util.Random r = new java.util.Random(42);
        java.util.Set<Long> seen = new java.util.HashSet<>();
        for (int i = 0; i < 1000; i++) {
            long d = Heartbeat.jittered(1000, r.nextDouble());
            assertThat(d).isBetween(900L, 1100L);
            seen.add(d);
        }
        assertThat(seen).hasSizeGreaterThan(100);
    }
}
