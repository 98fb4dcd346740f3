package com.example.readme;

import static org.assertj.core.api.Assertions.assertThat;

import ai.oceum.Oceum;
import ai.oceum.langchain4j.OceumChatModelListener;
import ai.oceum.testing.TestClients;
import ai.oceum.testing.TestReceiver;
import ai.oceum.testing.TestReceiver.Recorded;
import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.TokenUsage;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * README's agentic workflow, run as written on an in-process model that answers each agent
 * (through LangChain4j's own model path, with the Oceum model listener): one run is one task tree.
 */
class ReadmeAgenticTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void oneRunIsATaskTree_withEachAgentsOwnUsage() {
        try (TestReceiver receiver = TestReceiver.start();
             Oceum oceum = TestClients.builder(receiver, "readme-agentic").build()) {
            ChatModel model = new AgentsModel(List.of(new OceumChatModelListener(oceum)));

            assertThat(AgenticSetup.run(oceum, model)).isEqualTo("Your order 4812 ships today.");
            assertThat(oceum.flush(WAIT)).isTrue();

            List<JsonNode> starts = receiver.awaitEvents("task_start", 5, WAIT).stream().map(Recorded::data).toList();
            JsonNode root = starts.stream().filter(s -> !s.has("parentTaskId")).findFirst().orElseThrow();
            JsonNode classifier = named(starts, "classifier");
            JsonNode drafter = named(starts, "drafter");
            JsonNode loop = starts.stream().filter(s -> s.path("meta").path("kind").asText().equals("loop")).findFirst()
                    .orElseThrow();
            assertThat(classifier.path("parentTaskId").asText()).isEqualTo(root.path("taskId").asText());
            assertThat(loop.path("parentTaskId").asText()).isEqualTo(root.path("taskId").asText());
            assertThat(drafter.path("parentTaskId").asText()).isEqualTo(loop.path("taskId").asText());
            assertThat(named(starts, "reviewer").path("meta").path("iteration").asInt()).isZero();

            List<JsonNode> usage = receiver.awaitEvents("usage", 3, WAIT).stream().map(Recorded::data).toList();
            assertThat(usage).filteredOn(u -> u.path("taskId").asText().equals(drafter.path("taskId").asText()))
                    .singleElement().satisfies(u -> assertThat(u.path("tokensInput").asInt()).isEqualTo(40));
            JsonNode rootDone = receiver.awaitEvents("task_complete", 5, WAIT).stream().map(Recorded::data)
                    .filter(d -> d.path("taskId").asText().equals(root.path("taskId").asText())).findFirst().orElseThrow();
            assertThat(rootDone.path("usageTotals").path("tokensInput").asInt()).isEqualTo(30 + 40 + 25);
        }
    }

    private static JsonNode named(List<JsonNode> events, String name) {
        return events.stream().filter(e -> e.path("taskName").asText().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " in " + events));
    }

    /** Answers the three agents by their prompt: a category, a draft, a score that ends the loop. */
    private record AgentsModel(List<ChatModelListener> listeners) implements ChatModel {
        @Override
        public ChatResponse doChat(ChatRequest request) {
            List<ChatMessage> messages = request.messages();
            String prompt = messages.get(messages.size() - 1) instanceof UserMessage u ? u.singleText() : "";
            String text;
            TokenUsage usage;
            if (prompt.startsWith("Classify")) {
                text = "shipping";
                usage = new TokenUsage(30, 2);
            } else if (prompt.startsWith("Draft")) {
                text = "Your order 4812 ships today.";
                usage = new TokenUsage(40, 12);
            } else {
                text = "0.9";
                usage = new TokenUsage(25, 1);
            }
            return ChatResponse.builder().aiMessage(AiMessage.from(text)).modelName("in-process").tokenUsage(usage).build();
        }
    }
}
