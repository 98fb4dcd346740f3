package com.example.demo;

import static org.assertj.core.api.Assertions.assertThat;

import ai.oceum.testing.TestReceiver;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Runs the whole demo in this JVM, as README's first command does, and checks what it reports. */
class DemoTest {

    @AfterEach
    void clearSettings() {
        System.clearProperty("oceum.base.url");
        System.clearProperty("oceum.api.key");
    }

    @Test
    void runsAgainstItsOwnDevServerAndPrintsTheSummary() throws Exception {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        int code = new Demo(new PrintStream(buffer, true, StandardCharsets.UTF_8)).run(List.of());
        String out = buffer.toString(StandardCharsets.UTF_8);

        assertThat(code).isZero();
        assertThat(out)
                .contains("Started a local Oceum dev server; dashboard: http://127.0.0.1:")
                .contains("T-1001  billing  high")
                .contains("T-1006  FAILED")
                .contains("tickets       5 triaged, 1 failed")
                .contains("Replying to 2 urgent tickets with a multi-agent workflow")
                .contains("T-1001  2 drafts, policy compliant, tone friendly")
                .containsPattern(
                        "trace         http://127\\.0\\.0\\.1:\\d+/trace\\?agentId=reply-writer&taskId=[0-9a-f-]{36} ")
                .containsPattern("tasks         \\d+ succeeded, 2 failed")
                .containsPattern("events        \\d+ delivered, 0 dropped, 0 failed");
        // The offline model is priced for the demo: a positive amount, written as a plain decimal.
        assertThat(out).containsPattern("cost          \\$0\\.0*[1-9]\\d* \\(");
        // No terminal here: the demo ends after its summary instead of waiting for Enter.
        assertThat(out).doesNotContain("press Enter");
    }

    @Test
    void reportsEveryIntegrationToTheReceiverNamedByOceumBaseUrl() throws Exception {
        try (TestReceiver receiver = TestReceiver.start()) {
            System.setProperty("oceum.base.url", receiver.baseUrl());
            System.setProperty("oceum.api.key", "demo-test-key");
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            int code = new Demo(new PrintStream(buffer, true, StandardCharsets.UTF_8)).run(List.of());

            assertThat(code).isZero();
            assertThat(buffer.toString(StandardCharsets.UTF_8)).contains("Reporting to " + receiver.baseUrl());
            List<String> taskNames = receiver.events("task_complete").stream()
                    .map(r -> r.data().path("taskName").asText())
                    .distinct()
                    .collect(Collectors.toList());
            // @AgentTask through instrument(), the AI service named by @AgentTask, and wrap() of the plain agent.
            assertThat(taskNames).contains("triage-ticket", "classify-ticket", "digest-billing", "publish-digest");
            assertThat(receiver.events("usage"))
                    .filteredOn(r -> r.json().path("agentId").asText().equals("support-triage"))
                    .isNotEmpty()
                    .allSatisfy(usage -> {
                        JsonNode data = usage.data();
                        assertThat(data.path("model").asText()).isEqualTo("oceum-local-triage");
                        assertThat(data.path("tokensInput").asLong()).isPositive();
                        assertThat(data.path("taskName").asText()).isEqualTo("classify-ticket");
                    });
            // The reply writer's multi-agent workflow: each agent invocation a task under its workflow's task,
            // the whole run under the plain-Java task reply-to-ticket; each model call tied to its agent.
            List<JsonNode> starts = receiver.events("task_start").stream()
                    .filter(r -> r.json().path("agentId").asText().equals("reply-writer"))
                    .map(TestReceiver.Recorded::data)
                    .collect(Collectors.toList());
            assertThat(starts)
                    .extracting(d -> d.path("taskName").asText())
                    .containsOnly(
                            "reply-to-ticket",
                            "reply-workflow",
                            "classify",
                            "review-loop",
                            "draft-reply",
                            "review-reply",
                            "final-checks",
                            "policy-check",
                            "tone-check")
                    .hasSize(22);
            java.util.Map<String, String> names = starts.stream()
                    .collect(Collectors.toMap(
                            d -> d.path("taskId").asText(),
                            d -> d.path("taskName").asText()));
            assertThat(starts).allSatisfy(d -> {
                String parent = names.get(d.path("parentTaskId").asText());
                String expected = switch (d.path("taskName").asText()) {
                    case "reply-to-ticket" -> null;
                    case "reply-workflow" -> "reply-to-ticket";
                    case "classify", "review-loop", "final-checks" -> "reply-workflow";
                    case "draft-reply", "review-reply" -> "review-loop";
                    default -> "final-checks";
                };
                assertThat(parent).as(d.path("taskName").asText()).isEqualTo(expected);
            });
            assertThat(receiver.events("usage"))
                    .filteredOn(r -> r.json().path("agentId").asText().equals("reply-writer"))
                    .hasSize(18)
                    .allSatisfy(usage -> assertThat(names)
                            .containsKey(usage.data().path("taskId").asText()));
            List<JsonNode> errors = receiver.events("error").stream()
                    .map(TestReceiver.Recorded::data)
                    .collect(Collectors.toList());
            // The Logback appender's error (with the logger), the failed tool, the failed task.
            assertThat(errors).anySatisfy(e -> assertThat(e.toString()).contains("com.example.support.TriageAgent"));
            assertThat(errors).anySatisfy(e -> assertThat(e.toString()).contains("lookupCustomer"));
            assertThat(receiver.events("heartbeat"))
                    .extracting(r -> r.json().path("agentId").asText())
                    .contains("support-triage", "nightly-digest");
            assertThat(receiver.events("memory")).hasSize(1);
            assertThat(receiver.requests())
                    .allSatisfy(r -> assertThat(r.header("Authorization")).isEqualTo("Bearer demo-test-key"));
        }
    }
}
