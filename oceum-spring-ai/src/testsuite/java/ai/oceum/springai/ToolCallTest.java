package ai.oceum.springai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.oceum.TaskScope;
import ai.oceum.testing.FakeOpenAi;
import ai.oceum.testing.FakeOpenAi.Reply;
import ai.oceum.testing.FakeOpenAi.ToolCall;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.tool.annotation.Tool;
import org.springframework.ai.tool.execution.DefaultToolExecutionExceptionProcessor;

/** Tool round trips: per-call usage (Spring AI 1.1's cumulative counts undone), the tool summary, failed tools. */
class ToolCallTest {
    private static final ToolCall WEATHER = new ToolCall("call_1", "weather", "{\"arg0\":\"Paris\"}");
    private static final ToolCall BOOM = new ToolCall("call_2", "boom", "{\"arg0\":1}");

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
    void reportsARoundTripWithEachModelCallsOwnUsageAndATimedToolSummary() {
        h.openAi.enqueue(Reply.toolCalls(20, 10, WEATHER, BOOM), Reply.answer("It is sunny in Paris", 11, 7));
        Tools tools = new Tools();

        String answer = h.chatClient()
                .prompt()
                .user("Weather in Paris?")
                .tools(tools)
                .call()
                .content();

        assertThat(answer).isEqualTo("It is sunny in Paris");
        assertThat(h.eventTypes()).containsExactly("task_start", "usage", "error", "usage", "task_complete");
        String taskId = h.only("task_start").path("taskId").asText();
        List<JsonNode> usages = h.all("usage");
        assertThat(usages).allSatisfy(u -> assertThat(u.path("taskId").asText()).isEqualTo(taskId));
        assertThat(usages.get(0).path("finishReason").asText()).isEqualTo("TOOL_CALLS");
        assertThat(usages.get(0).path("meta").path("toolCallsRequested").asInt())
                .isEqualTo(2);
        // Per call, never cumulative: Spring AI 1.1 reports 31/17 for the second call; each token is billed once.
        assertThat(usages.get(0).path("tokensInput").asLong()).isEqualTo(20);
        assertThat(usages.get(0).path("tokensOutput").asLong()).isEqualTo(10);
        assertThat(usages.get(1).path("tokensInput").asLong()).isEqualTo(11);
        assertThat(usages.get(1).path("tokensOutput").asLong()).isEqualTo(7);

        JsonNode complete = h.only("task_complete");
        JsonNode meta = complete.path("meta");
        assertThat(meta.path("modelCalls").asInt()).isEqualTo(2);
        assertThat(meta.path("tokensInput").asLong()).isEqualTo(31);
        assertThat(meta.path("tokensOutput").asLong()).isEqualTo(17);
        assertThat(complete.path("usageTotals").path("tokensInput").asLong()).isEqualTo(31);
        assertThat(meta.path("toolCalls").asInt()).isEqualTo(2);
        assertThat(meta.path("toolFailures").asInt()).isEqualTo(1);
        JsonNode weather = meta.path("tools").get(0);
        assertThat(weather.path("name").asText()).isEqualTo("weather");
        assertThat(weather.path("status").asText()).isEqualTo("ok");
        assertThat(weather.path("durationMs").isNumber()).isTrue();
        assertThat(weather.has("arguments")).as("content is off by default").isFalse();
        JsonNode boom = meta.path("tools").get(1);
        assertThat(boom.path("name").asText()).isEqualTo("boom");
        assertThat(boom.path("status").asText()).isEqualTo("failed");
        assertThat(tools.taskSeen.get())
                .as("the tool runs inside the call's task")
                .isNotNull();
        assertThat(tools.taskSeen.get().id()).isEqualTo(taskId);
    }

    @Test
    void reportsAToolWhoseExceptionSpringAiTurnsIntoTextAsAFailureNamingIt() {
        h.openAi.enqueue(Reply.toolCalls(20, 10, BOOM), Reply.answer("sorry", 11, 7));

        h.chatClient().prompt().user("boom").tools(new Tools()).call().content();

        JsonNode error = h.only("error");
        assertThat(error.path("message").asText()).isEqualTo("Tool 'boom' failed: tool boom 1");
        assertThat(error.path("type").asText()).isEqualTo(IllegalStateException.class.getName());
        assertThat(error.path("stackTrace").asText()).contains("Tools.boom");
        assertThat(error.path("taskId").asText())
                .isEqualTo(h.only("task_start").path("taskId").asText());
        assertThat(error.has("taskStatus"))
                .as("the call goes on: the model sees the failure")
                .isFalse();
        JsonNode meta = error.path("meta");
        assertThat(meta.path("source").asText()).isEqualTo("spring-ai.tool");
        assertThat(meta.path("tool").asText()).isEqualTo("boom");
        assertThat(meta.path("returnedToModel").asBoolean()).isTrue();
        assertThat(meta.path("durationMs").isNumber()).isTrue();
        assertThat(h.only("task_complete").path("meta").path("toolFailures").asInt())
                .isEqualTo(1);
    }

    @Test
    void withoutOceumsExceptionProcessorAToolFailureThatSpringAiHidesShowsAsOk() {
        h.openAi.enqueue(Reply.toolCalls(20, 10, BOOM), Reply.answer("sorry", 11, 7));
        ChatClient plain = h.chatClient(ModelSetup.defaults().toolExceptions(null));

        plain.prompt().user("boom").tools(new Tools()).call().content();

        // Spring AI's default processor returns the message as the tool's result and its
        // observation shows no error: this is why OceumSpringAi.toolExceptionProcessor() exists.
        assertThat(h.all("error")).isEmpty();
        JsonNode tool = h.only("task_complete").path("meta").path("tools").get(0);
        assertThat(tool.path("name").asText()).isEqualTo("boom");
        assertThat(tool.path("status").asText()).isEqualTo("ok");
    }

    @Test
    void reportsAToolExceptionThatSpringAiRethrowsAndFailsTheCall() {
        h.openAi.enqueue(Reply.toolCalls(20, 10, BOOM));
        ChatClient throwing = h.chatClient(ModelSetup.defaults()
                .toolExceptions(
                        OceumSpringAi.toolExceptionProcessor(new DefaultToolExecutionExceptionProcessor(true))));

        assertThatThrownBy(() ->
                        throwing.prompt().user("boom").tools(new Tools()).call().content())
                .hasMessageContaining("tool boom 1");

        List<JsonNode> errors = h.all("error");
        assertThat(errors).hasSize(2);
        JsonNode toolError = errors.get(0);
        assertThat(toolError.path("message").asText()).isEqualTo("Tool 'boom' failed: tool boom 1");
        assertThat(toolError.path("meta").path("returnedToModel").asBoolean(true))
                .isFalse();
        JsonNode failed = errors.get(1);
        assertThat(failed.path("taskStatus").asText()).isEqualTo("failed");
        assertThat(failed.path("message").asText()).contains("tool boom 1");
        assertThat(failed.path("meta").path("toolFailures").asInt()).isEqualTo(1);
        assertThat(h.all("task_complete")).isEmpty();
    }

    @Test
    void billsEachCallOfAModelsOwnToolLoopOnceWhenTheModelIsCalledDirectly() {
        h.openAi.enqueue(Reply.toolCalls(20, 10, WEATHER), Reply.answer("sunny", 11, 7));
        ChatModel model = h.model(ModelSetup.defaults());

        try (TaskScope task = h.oceum.startTask("direct")) {
            model.call(LineWiring.toolPrompt("Weather in Paris?", new Tools()));
        }

        List<JsonNode> usages = h.all("usage");
        assertThat(usages.get(0).path("tokensInput").asLong()).isEqualTo(20);
        if (LineWiring.LINE.equals("1.1")) {
            // 1.1's model runs the tool and calls itself again, reporting 31/17: billed 11/7.
            assertThat(usages).hasSize(2);
            assertThat(usages.get(1).path("tokensInput").asLong()).isEqualTo(11);
            assertThat(usages.get(1).path("tokensOutput").asLong()).isEqualTo(7);
            assertThat(usages.get(1).path("meta").path("cumulativeTokensInput").asLong())
                    .isEqualTo(31);
        } else {
            assertThat(usages).as("2.0's model only asks for the tool").hasSize(1);
        }
        assertThat(h.only("task_complete")
                        .path("usageTotals")
                        .path("tokensInput")
                        .asLong())
                .isEqualTo(usages.stream()
                        .mapToLong(u -> u.path("tokensInput").asLong())
                        .sum());
    }

    @Test
    void aChatClientCalledFromAToolIsAChildTaskOfTheCallThatRunsTheTool() {
        h.openAi.respondWith(request -> {
            String user = FakeOpenAi.lastUserText(request);
            if (user.equals("expert question")) {
                return Reply.answer("expert says yes", 3, 2);
            }
            return FakeOpenAi.hasToolResult(request)
                    ? Reply.answer("done", 11, 7)
                    : Reply.toolCalls(20, 10, new ToolCall("call_9", "askExpert", "{\"arg0\":\"expert question\"}"));
        });
        ChatClient expert = h.chatClient();

        h.chatClient()
                .prompt()
                .user("help me")
                .tools(new ExpertTools(expert))
                .call()
                .content();

        List<JsonNode> starts = h.all("task_start");
        assertThat(starts).hasSize(2);
        assertThat(starts.get(1).path("parentTaskId").asText())
                .isEqualTo(starts.get(0).path("taskId").asText());
        List<JsonNode> completes = h.all("task_complete");
        JsonNode inner = completes.get(0);
        assertThat(inner.path("taskId").asText())
                .isEqualTo(starts.get(1).path("taskId").asText());
        assertThat(inner.path("meta").path("tokensInput").asLong()).isEqualTo(3);
        JsonNode outer = completes.get(1);
        assertThat(outer.path("meta").path("tokensInput").asLong())
                .as("its own model calls only")
                .isEqualTo(31);
        assertThat(outer.path("usageTotals").path("tokensInput").asLong())
                .as("with its child's")
                .isEqualTo(34);
    }

    /** A tool that asks another agent. */
    public static class ExpertTools {
        private final ChatClient expert;

        ExpertTools(ChatClient expert) {
            this.expert = expert;
        }

        @Tool(description = "Ask the expert")
        public String askExpert(String question) {
            return expert.prompt().user(question).call().content();
        }
    }
}
