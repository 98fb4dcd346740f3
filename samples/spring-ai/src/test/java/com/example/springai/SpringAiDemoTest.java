package com.example.springai;

import static org.assertj.core.api.Assertions.assertThat;

import ai.oceum.testing.TestReceiver;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Runs the Spring AI sample in this JVM, as its README command does, and checks what it reports. */
class SpringAiDemoTest {

    @AfterEach
    void clearSettings() {
        System.clearProperty("oceum.base.url");
        System.clearProperty("oceum.api.key");
    }

    private static String run(int expectedExit) throws Exception {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        int code = new SpringAiDemo(new PrintStream(buffer, true, StandardCharsets.UTF_8)).run(List.of());
        String out = buffer.toString(StandardCharsets.UTF_8);
        assertThat(code).as(out).isEqualTo(expectedExit);
        return out;
    }

    @Test
    void runsAgainstItsOwnDevServer() throws Exception {
        String out = run(0);

        assertThat(out)
                .contains("Started a local Oceum dev server; dashboard: http://127.0.0.1:")
                .contains("< Good news: order A-1001 left our warehouse")
                .contains("< I could not reach the order system")
                .containsPattern("Reported       \\d+ events delivered, 0 dropped");
    }

    @Test
    void reportsTasksUsageAndToolCallsToTheReceiverNamedByOceumBaseUrl() throws Exception {
        try (TestReceiver receiver = TestReceiver.start()) {
            System.setProperty("oceum.base.url", receiver.baseUrl());
            System.setProperty("oceum.api.key", "sample-test-key");

            assertThat(run(0)).contains("Reporting to " + receiver.baseUrl());

            List<JsonNode> completes = receiver.events("task_complete").stream()
                    .map(TestReceiver.Recorded::data)
                    .toList();
            assertThat(completes)
                    .extracting(c -> c.path("taskName").asText())
                    .containsExactlyInAnyOrder(
                            "answer-customer", "answer-customer", "answer-customer", "stream-answer");
            // Different tasks are delivered side by side (only one task's own events are ordered), so the
            // answers are told apart by what they carry, not by their order of arrival.
            assertThat(completes)
                    .filteredOn(c -> c.path("taskName").asText().equals("answer-customer"))
                    .anySatisfy(answer -> {
                        assertThat(answer.path("meta").path("modelCalls").asInt())
                                .isEqualTo(2);
                        assertThat(answer.path("meta")
                                        .path("tools")
                                        .path(0)
                                        .path("name")
                                        .asText())
                                .isEqualTo("lookupOrder");
                        assertThat(answer.path("meta")
                                        .path("tools")
                                        .path(0)
                                        .path("status")
                                        .asText())
                                .isEqualTo("ok");
                    })
                    .anySatisfy(answer -> assertThat(answer.path("meta")
                                    .path("tools")
                                    .path(0)
                                    .path("status")
                                    .asText())
                            .isEqualTo("failed"));
            assertThat(receiver.events("usage")).hasSize(6).allSatisfy(u -> {
                assertThat(u.data().path("model").asText()).isEqualTo(OfflineSupportModel.MODEL_NAME);
                assertThat(u.data().path("tokensInput").asLong()).isPositive();
                assertThat(u.data().path("taskName").asText()).isIn("answer-customer", "stream-answer");
            });
            assertThat(receiver.events("error")).singleElement().satisfies(e -> {
                assertThat(e.data().path("message").asText())
                        .startsWith("Tool 'lookupOrder' failed: order system unavailable");
                assertThat(e.data().path("taskName").asText()).isEqualTo("answer-customer");
            });
            assertThat(receiver.requests())
                    .allSatisfy(r -> assertThat(r.header("Authorization")).isEqualTo("Bearer sample-test-key"));
        }
    }
}
