package ai.oceum.springai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.oceum.TaskScope;
import ai.oceum.testing.FakeOpenAi.Reply;
import ai.oceum.testing.FakeOpenAi.ToolCall;
import ai.oceum.testing.LogCapture;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.client.ChatClient;

/**
 * Streamed {@code ChatClient} calls: the task ends when the {@code Flux} ends (completes, fails or
 * is cancelled), on whatever thread, possibly after {@code block()} returned; usage comes from the
 * stream's usage chunk.
 */
class StreamingTest {
    private Harness h;

    @BeforeEach
    void start() throws Exception {
        h = new Harness();
    }

    @AfterEach
    void stop() {
        h.close();
    }

    @Test
    void reportsAStreamedAnswerWithItsUsageChunkWhenTheFluxCompletes() {
        h.openAi.enqueue(Reply.answer("Hello stream!", 5, 2));

        List<String> parts = h.chatClient().prompt().user("Hi").stream()
                .content()
                .collectList()
                .block();

        assertThat(String.join("", parts)).isEqualTo("Hello stream!");
        assertThat(TaskScope.current())
                .as("a stream leaves nothing on the caller's thread")
                .isEmpty();
        JsonNode complete = h.await("task_complete", 1).get(0);
        JsonNode start = h.only("task_start");
        assertThat(start.path("taskName").asText()).isEqualTo("ChatClient.stream");
        assertThat(start.path("meta").path("stream").asBoolean()).isTrue();
        JsonNode usage = h.only("usage");
        assertThat(usage.path("taskId").asText()).isEqualTo(start.path("taskId").asText());
        assertThat(usage.path("tokensInput").asLong()).isEqualTo(5);
        assertThat(usage.path("tokensOutput").asLong()).isEqualTo(2);
        assertThat(usage.path("usageReported").asBoolean()).isTrue();
        assertThat(usage.path("meta").path("streaming").asBoolean()).isTrue();
        assertThat(usage.path("durationMs").isNumber()).isTrue();
        assertThat(complete.path("taskId").asText())
                .isEqualTo(start.path("taskId").asText());
        assertThat(complete.path("meta").path("modelCalls").asInt())
                .as("the model call counts even when its observation stops after the ChatClient's")
                .isEqualTo(1);
        assertThat(complete.path("meta").path("tokensInput").asLong()).isEqualTo(5);
        assertThat(complete.path("meta").has("cancelled")).isFalse();
        assertThat(h.eventTypes()).containsExactly("task_start", "usage", "task_complete");
    }

    @Test
    void billsEachTokenOnceInAStreamedToolRoundTrip() {
        h.openAi.enqueue(
                Reply.toolCalls(20, 10, new ToolCall("call_1", "weather", "{\"arg0\":\"Paris\"}")),
                Reply.answer("sunny", 11, 7));
        Tools tools = new Tools();

        String answer = String.join(
                "",
                h.chatClient().prompt().user("Weather?").tools(tools).stream()
                        .content()
                        .collectList()
                        .block());

        assertThat(answer).isEqualTo("sunny");
        JsonNode complete = h.await("task_complete", 1).get(0);
        String taskId = h.only("task_start").path("taskId").asText();
        List<JsonNode> usages = h.all("usage");
        assertThat(usages)
                .hasSize(2)
                .allSatisfy(u -> assertThat(u.path("taskId").asText()).isEqualTo(taskId));
        assertThat(usages.stream()
                        .mapToLong(u -> u.path("tokensInput").asLong())
                        .sum())
                .isEqualTo(31);
        assertThat(usages.stream()
                        .mapToLong(u -> u.path("tokensOutput").asLong())
                        .sum())
                .isEqualTo(17);
        if (LineWiring.LINE.equals("2.0")) {
            // 2.0 observes each model call of a stream on its own. (1.1 nests them and shows only
            // the running total: the total is billed once, not split per call; see docs/spring-ai.md.)
            assertThat(usages.get(0).path("tokensInput").asLong()).isEqualTo(20);
            assertThat(usages.get(1).path("tokensInput").asLong()).isEqualTo(11);
        }
        assertThat(complete.path("meta").path("tokensInput").asLong()).isEqualTo(31);
        assertThat(complete.path("usageTotals").path("tokensOutput").asLong()).isEqualTo(17);
        assertThat(complete.path("meta").path("toolCalls").asInt()).isEqualTo(1);
        assertThat(complete.path("meta").path("tools").get(0).path("status").asText())
                .isEqualTo("ok");
        assertThat(tools.taskSeen.get())
                .as("the call's task is current in a tool on a Reactor thread")
                .isNotNull();
        assertThat(tools.taskSeen.get().id()).isEqualTo(taskId);
    }

    @Test
    void warnsOnceWhenSpringAi11StreamsWithoutAskingForUsage() {
        ChatClient chat = h.chatClient(ModelSetup.defaults().streamUsage(false));
        h.openAi.enqueue(
                Reply.answer("first", 5, 2).usageOnlyWhenAsked(),
                Reply.answer("second", 5, 2).usageOnlyWhenAsked());

        try (LogCapture logs = LogCapture.start()) {
            chat.prompt().user("one").stream().content().collectList().block();
            chat.prompt().user("two").stream().content().collectList().block();
            h.await("task_complete", 2);

            List<String> warnings = logs.warnings().stream()
                    .filter(w -> w.contains("stream-usage"))
                    .toList();
            if (LineWiring.LINE.equals("1.1")) {
                assertThat(warnings).hasSize(1);
                assertThat(warnings.get(0)).contains("spring.ai.openai.chat.options.stream-usage=true");
            } else {
                assertThat(warnings)
                        .as("2.0 asks for usage unless the application turned it off")
                        .isEmpty();
            }
        }
        assertThat(h.all("usage")).hasSize(2).allSatisfy(u -> {
            assertThat(u.path("usageReported").asBoolean(true)).isFalse();
            assertThat(u.path("tokensInput").asLong()).isZero();
        });
        assertThat(h.all("task_complete")
                        .get(0)
                        .path("meta")
                        .path("modelCallsWithoutUsage")
                        .asInt())
                .isEqualTo(1);
    }

    @Test
    void endsTheTaskWhenTheStreamIsCancelled() {
        h.openAi.enqueue(Reply.answer("Hello stream!", 5, 2));

        String first =
                h.chatClient().prompt().user("Hi").stream().content().take(1).blockLast();

        assertThat(first).isNotEmpty();
        JsonNode complete = h.await("task_complete", 1).get(0);
        assertThat(complete.path("taskName").asText()).isEqualTo("ChatClient.stream");
        assertThat(complete.path("meta").path("cancelled").asBoolean()).isTrue();
        assertThat(h.handler.openCalls()).isZero();
    }

    @Test
    void reportsAFailedStreamAsAModelErrorAndAFailedTask() {
        h.openAi.respondWith(request -> Reply.status(500));

        assertThatThrownBy(() -> h.chatClient().prompt().user("Hi").stream()
                        .content()
                        .collectList()
                        .block())
                .isNotNull();

        List<JsonNode> errors = h.await("error", 2);
        JsonNode modelError =
                errors.stream().filter(e -> !e.has("taskStatus")).findFirst().orElseThrow();
        assertThat(modelError.path("meta").path("source").asText()).isEqualTo("spring-ai.model");
        assertThat(modelError.path("meta").path("httpStatus").asInt()).isEqualTo(500);
        assertThat(modelError.path("meta").path("streaming").asBoolean()).isTrue();
        JsonNode failed =
                errors.stream().filter(e -> e.has("taskStatus")).findFirst().orElseThrow();
        assertThat(failed.path("taskStatus").asText()).isEqualTo("failed");
        assertThat(failed.path("taskName").asText()).isEqualTo("ChatClient.stream");
        assertThat(modelError.path("taskId").asText())
                .isEqualTo(failed.path("taskId").asText());
        assertThat(h.handler.openCalls()).isZero();
    }
}
