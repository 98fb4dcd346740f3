package com.example.readme;

import ai.oceum.testing.FakeOpenAi;
import static org.assertj.core.api.Assertions.assertThat;

import ai.oceum.Oceum;
import ai.oceum.springai.OceumSpringAi;
import ai.oceum.testing.TestClients;
import ai.oceum.testing.TestReceiver;
import ai.oceum.testing.FakeOpenAi.Reply;
import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.ai.openai.OpenAiChatModel;
import org.springframework.ai.openai.OpenAiChatOptions;

/**
 * README's Spring AI snippet, run as written from the model on: the registration on a registry,
 * Spring AI 2.0's real {@code OpenAiChatModel} against a fake OpenAI server on 127.0.0.1 (in place
 * of the hosted model), then the README's tool-calling manager, {@code ChatClient} and call with
 * its {@code OrderTools}.
 */
class ReadmeSpringAiTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void theChatClientCallIsATaskWithTheToolCallAndEachModelCallsUsage() throws Exception {
        try (TestReceiver receiver = TestReceiver.start(); FakeOpenAi openAi = FakeOpenAi.start();
             Oceum oceum = TestClients.builder(receiver, "readme-spring-ai").build()) {
            openAi.respondWith(request -> toolResult(request) == null
                    ? Reply.toolCall("orderStatus", arguments(request), 20, 10)
                    : Reply.answer("Tool says: " + toolResult(request), 31, 7));
            ObservationRegistry registry = ObservationRegistry.create();
            OceumSpringAi.register(registry, oceum);
            OpenAiChatModel model = OpenAiChatModel.builder()
                    .options(OpenAiChatOptions.builder().baseUrl(openAi.baseUrl() + "/v1").apiKey("sk-test")
                            .model("gpt-4o-mini").build())
                    .observationRegistry(registry)
                    .build();

            assertThat(SpringAiSetup.ask(registry, model)).isEqualTo("Tool says: order 4812 ships today");
            assertThat(oceum.flush(WAIT)).isTrue();

            JsonNode done = receiver.awaitEvents("task_complete", 1, WAIT).get(0).data();
            assertThat(done.path("taskName").asText()).isEqualTo("ChatClient.call");
            JsonNode tool = done.path("meta").path("tools").get(0);
            assertThat(tool.path("name").asText()).isEqualTo("orderStatus");
            assertThat(tool.path("status").asText()).isEqualTo("ok");
            assertThat(receiver.awaitEvents("usage", 2, WAIT)).extracting(u -> u.data().path("tokensInput").asInt())
                    .containsExactly(20, 31);
            assertThat(done.path("usageTotals").path("tokensInput").asInt()).isEqualTo(51);
        }
    }

    /** The tool's result in the request, or null before the tool ran. */
    private static String toolResult(JsonNode request) {
        List<JsonNode> results = new java.util.ArrayList<>();
        request.path("messages").forEach(m -> {
            if ("tool".equals(m.path("role").asText())) {
                results.add(m.path("content"));
            }
        });
        return results.isEmpty() ? null : results.get(0).asText().replace("\"", "");
    }

    /** {@code orderId} 4812, under the parameter name the request's tool schema gives. */
    private static String arguments(JsonNode request) {
        String parameter = request.path("tools").get(0).path("function").path("parameters").path("properties")
                .fieldNames().next();
        return "{\"" + parameter + "\":\"4812\"}";
    }
}
