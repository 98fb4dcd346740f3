package ai.oceum.springai;

import static org.assertj.core.api.Assertions.assertThat;

import ai.oceum.TaskScope;
import ai.oceum.testing.FakeOpenAi;
import ai.oceum.testing.FakeOpenAi.Reply;
import ai.oceum.testing.LogCapture;
import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.observation.ObservationRegistry;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.client.ChatClientRequest;
import org.springframework.ai.chat.client.ChatClientResponse;
import org.springframework.ai.chat.client.advisor.SimpleLoggerAdvisor;
import org.springframework.ai.chat.client.advisor.api.CallAdvisor;
import org.springframework.ai.chat.client.advisor.api.CallAdvisorChain;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.prompt.Prompt;

/** One {@code ChatClient} call through a real {@code OpenAiChatModel}: one task, one usage event. */
class ChatClientCallTest {
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
    void reportsACallAsOneTaskWithItsModelCallsUsage() {
        h.openAi.enqueue(Reply.answer("Hello!", 10, 5));

        String answer = h.chatClient()
                .prompt()
                .user("Hi")
                .advisors(new SimpleLoggerAdvisor())
                .call()
                .content();

        assertThat(answer).isEqualTo("Hello!");
        assertThat(h.eventTypes()).containsExactly("task_start", "usage", "task_complete");
        JsonNode start = h.only("task_start");
        String taskId = start.path("taskId").asText();
        assertThat(start.path("taskName").asText()).isEqualTo("ChatClient.call");
        assertThat(start.path("meta").path("source").asText()).isEqualTo("spring-ai");
        assertThat(start.path("meta").path("stream").asBoolean(true)).isFalse();
        assertThat(start.has("parentTaskId")).isFalse();

        JsonNode usage = h.only("usage");
        assertThat(usage.path("taskId").asText()).isEqualTo(taskId);
        assertThat(usage.path("model").asText()).as("the model as answered").isEqualTo(FakeOpenAi.MODEL);
        assertThat(usage.path("meta").path("requestedModel").asText()).isEqualTo("gpt-4o-mini");
        assertThat(usage.path("provider").asText()).isEqualTo("openai");
        assertThat(usage.path("tokensInput").asLong()).isEqualTo(10);
        assertThat(usage.path("tokensOutput").asLong()).isEqualTo(5);
        assertThat(usage.path("usageReported").asBoolean()).isTrue();
        assertThat(usage.path("finishReason").asText()).isEqualTo("STOP");
        assertThat(usage.path("durationMs").isNumber())
                .as("timed by the handler")
                .isTrue();
        assertThat(usage.path("meta").has("streaming")).isFalse();

        JsonNode complete = h.only("task_complete");
        assertThat(complete.path("taskId").asText()).isEqualTo(taskId);
        assertThat(complete.path("durationMs").isNumber()).isTrue();
        JsonNode meta = complete.path("meta");
        assertThat(meta.path("modelCalls").asInt()).isEqualTo(1);
        assertThat(meta.path("tokensInput").asLong()).isEqualTo(10);
        assertThat(meta.path("tokensOutput").asLong()).isEqualTo(5);
        assertThat(meta.path("toolCalls").asInt()).isZero();
        assertThat(meta.path("toolFailures").asInt()).isZero();
        assertThat(meta.path("tools")).isEmpty();
        assertThat(complete.path("usageTotals").path("tokensInput").asLong()).isEqualTo(10);
        assertThat(complete.path("usageTotals").path("calls").asLong()).isEqualTo(1);
        assertThat(TaskScope.current())
                .as("nothing left on the caller's thread")
                .isEmpty();
        assertThat(h.handler.openCalls()).isZero();
    }

    @Test
    void isAChildOfTheTaskOpenWhereItIsMadeAndItsTaskIsCurrentInAdvisors() {
        h.openAi.enqueue(Reply.answer("Hello!", 10, 5));
        AtomicReference<TaskScope> seenInAdvisor = new AtomicReference<>();
        CallAdvisor recorder = new CallAdvisor() {
            @Override
            public ChatClientResponse adviseCall(ChatClientRequest request, CallAdvisorChain chain) {
                seenInAdvisor.set(TaskScope.current().orElse(null));
                return chain.nextCall(request);
            }

            @Override
            public String getName() {
                return "recorder";
            }

            @Override
            public int getOrder() {
                return 0;
            }
        };
        ChatClient chat = h.chatClient();

        try (TaskScope outer = h.oceum.startTask("handle-ticket")) {
            chat.prompt().user("Hi").advisors(recorder).call().content();
            assertThat(TaskScope.current())
                    .as("the enclosing task is current again")
                    .contains(outer);
        }

        JsonNode start = h.all("task_start").get(1);
        assertThat(start.path("taskName").asText()).isEqualTo("ChatClient.call");
        assertThat(start.path("parentTaskId").asText())
                .isEqualTo(h.all("task_start").get(0).path("taskId").asText());
        assertThat(seenInAdvisor.get()).isNotNull();
        assertThat(seenInAdvisor.get().id()).isEqualTo(start.path("taskId").asText());
        assertThat(h.only("usage").path("taskId").asText())
                .isEqualTo(start.path("taskId").asText());
    }

    @Test
    void reportsADirectModelCallAsUsageOfTheTaskOpenWhereItIsMade() {
        h.openAi.enqueue(Reply.answer("direct", 7, 3));
        ChatModel model = h.model(ModelSetup.defaults());

        try (TaskScope task = h.oceum.startTask("batch")) {
            assertThat(model.call(new Prompt("Hi")).getResult().getOutput().getText())
                    .isEqualTo("direct");
        }

        assertThat(h.eventTypes()).containsExactly("task_start", "usage", "task_complete");
        JsonNode usage = h.only("usage");
        assertThat(usage.path("taskName").asText()).isEqualTo("batch");
        assertThat(usage.path("tokensInput").asLong()).isEqualTo(7);
        assertThat(h.only("task_complete")
                        .path("usageTotals")
                        .path("tokensOutput")
                        .asLong())
                .isEqualTo(3);
    }

    @Test
    void reportsAnAnswerWithoutTokenCountsAsUsageNotReported() {
        h.openAi.enqueue(Reply.answerWithoutUsage("no counts"));

        h.chatClient().prompt().user("Hi").call().content();

        JsonNode usage = h.only("usage");
        assertThat(usage.path("usageReported").asBoolean(true)).isFalse();
        assertThat(usage.path("tokensInput").asLong()).isZero();
        assertThat(h.only("task_complete")
                        .path("meta")
                        .path("modelCallsWithoutUsage")
                        .asInt())
                .isEqualTo(1);
    }

    @Test
    void reportsCachedPromptTokensWhereSpringAi2GivesThem() {
        h.openAi.enqueue(Reply.answer("cached", 100, 5).cachedTokens(64));

        h.chatClient().prompt().user("Hi").call().content();

        JsonNode usage = h.only("usage");
        assertThat(usage.path("tokensInput").asLong()).isEqualTo(100);
        if (LineWiring.LINE.equals("2.0")) {
            assertThat(usage.path("meta").path("cacheReadInputTokens").asLong()).isEqualTo(64);
        } else {
            assertThat(usage.path("meta").has("cacheReadInputTokens"))
                    .as("Spring AI 1.1 has no cache counts")
                    .isFalse();
        }
    }

    @Test
    void billsACallOnceWhenItsModelReportsToNoRegistryAndSaysHowToFixIt() {
        h.openAi.enqueue(Reply.answer("unobserved", 9, 4));
        ModelSetup setup = ModelSetup.defaults();
        ChatClient chat = LineWiring.client(
                        LineWiring.model(h.openAi, ObservationRegistry.NOOP, setup), h.registry, setup)
                .build();

        try (LogCapture logs = LogCapture.start()) {
            chat.prompt().user("Hi").call().content();

            assertThat(logs.warnings()).anySatisfy(w -> assertThat(w).contains(".observationRegistry(registry)"));
        }
        JsonNode usage = h.only("usage");
        assertThat(usage.path("meta").path("source").asText()).isEqualTo("spring-ai.chat-client");
        assertThat(usage.path("tokensInput").asLong()).isEqualTo(9);
        assertThat(h.only("task_complete").path("meta").path("modelCalls").asInt())
                .isEqualTo(1);
    }

    @Test
    void reportsSeveralCallsOfOneClientAsSeparateTasks() {
        h.openAi.enqueue(Reply.answer("one", 1, 1), Reply.answer("two", 2, 2));
        ChatClient chat = h.chatClient();

        chat.prompt().user("first").call().content();
        chat.prompt().user("second").call().content();

        assertThat(h.all("task_complete")).hasSize(2);
        assertThat(h.all("task_complete").get(0).path("taskId").asText())
                .isNotEqualTo(h.all("task_complete").get(1).path("taskId").asText());
        assertThat(h.all("task_complete")
                        .get(1)
                        .path("meta")
                        .path("tokensInput")
                        .asLong())
                .isEqualTo(2);
    }
}
