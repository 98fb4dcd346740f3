package ai.oceum.springai;

import static org.assertj.core.api.Assertions.assertThat;

import ai.oceum.testing.FakeOpenAi.Reply;
import ai.oceum.testing.FakeOpenAi.ToolCall;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.client.ChatClient;

/** Privacy by default: prompts, answers and tool data leave the process only when asked for, cut to a length. */
class ContentTest {
    private static final String SYSTEM = "You are the triage desk of ACME";
    private static final String PROMPT = "My card 4111-1111 was charged twice";
    private static final String ANSWER = "Refund issued for card 4111-1111";
    private static final ToolCall LOOKUP = new ToolCall("call_1", "weather", "{\"arg0\":\"Reykjavik-secret\"}");

    private static void script(Harness h) {
        h.openAi.enqueue(Reply.toolCalls(20, 10, LOOKUP), Reply.answer(ANSWER, 11, 7));
    }

    private static String call(ChatClient chat) {
        return chat.prompt()
                .system(SYSTEM)
                .user(PROMPT)
                .tools(new Tools())
                .call()
                .content();
    }

    @Test
    void sendsNoPromptAnswerOrToolDataByDefault() throws Exception {
        try (Harness h = new Harness()) {
            script(h);

            assertThat(call(h.chatClient())).isEqualTo(ANSWER);

            String wire = h.wire();
            assertThat(wire).doesNotContain("4111", "ACME", "Reykjavik", "sunny in");
            assertThat(h.only("task_start").path("meta").has("userMessage")).isFalse();
            JsonNode tool = h.only("task_complete").path("meta").path("tools").get(0);
            assertThat(tool.has("arguments")).isFalse();
            assertThat(tool.has("result")).isFalse();
        }
    }

    @Test
    void sendsContentWhenAskedCutToTheMaximumLength() throws Exception {
        OceumSpringAiOptions options = OceumSpringAiOptions.builder()
                .includeContent(true)
                .maxContentLength(20)
                .build();
        try (Harness h = new Harness(options)) {
            script(h);

            call(h.chatClient());

            JsonNode start = h.only("task_start").path("meta");
            assertThat(start.path("systemMessage").asText())
                    .isEqualTo(SYSTEM.substring(0, 20) + "…[truncated 11 chars]");
            assertThat(start.path("userMessage").asText())
                    .startsWith("My card 4111-1111 wa")
                    .contains("…[truncated");
            JsonNode firstUsage = h.all("usage").get(0).path("meta");
            assertThat(firstUsage.path("prompt").asText()).startsWith("My card 4111");
            assertThat(firstUsage.path("answer").asText())
                    .as("a tool request shows the calls asked for")
                    .contains("weather");
            JsonNode lastUsage = h.all("usage").get(1).path("meta");
            assertThat(lastUsage.path("prompt").asText()).as("the tool result").startsWith("\"sunny in Reykjavik");
            assertThat(lastUsage.path("answer").asText()).startsWith("Refund issued for ca");
            JsonNode complete = h.only("task_complete").path("meta");
            assertThat(complete.path("result").asText())
                    .startsWith("Refund issued for ca")
                    .contains("…[truncated");
            JsonNode tool = complete.path("tools").get(0);
            assertThat(tool.path("arguments").asText()).startsWith("{\"arg0\":\"Reykjavik-s");
            assertThat(tool.path("result").asText()).startsWith("\"sunny in Reykjavik");
        }
    }
}
