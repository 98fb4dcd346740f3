package ai.oceum.springai;

import ai.oceum.testing.FakeOpenAi;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.client.advisor.ToolCallingAdvisor;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.model.tool.ToolCallingManager;
import org.springframework.ai.openai.OpenAiChatModel;
import org.springframework.ai.openai.OpenAiChatOptions;
import org.springframework.ai.support.ToolCallbacks;

/**
 * Spring AI 2.0 wiring of the shared suite: the OpenAI Java SDK client at {@code /v1} with its
 * own retries and timeout, and the tools run by the {@code ChatClient}'s {@code ToolCallingAdvisor}.
 */
final class LineWiring {
    static final String LINE = "2.0";

    private LineWiring() {}

    static ChatModel model(FakeOpenAi fake, ObservationRegistry registry, ModelSetup setup) {
        return OpenAiChatModel.builder()
                .options(OpenAiChatOptions.builder()
                        .baseUrl(fake.baseUrl() + "/v1")
                        .apiKey("model-key")
                        .model("gpt-4o-mini")
                        .maxRetries(setup.retries())
                        .timeout(setup.timeout())
                        .streamUsage(setup.streamUsage())
                        .build())
                .observationRegistry(registry)
                .build();
    }

    /** A prompt offering {@code tools} to a chat model called directly (2.0's models only ask for them). */
    static Prompt toolPrompt(String text, Object tools) {
        return new Prompt(
                text,
                OpenAiChatOptions.builder()
                        .model("gpt-4o-mini")
                        .toolCallbacks(ToolCallbacks.from(tools))
                        .build());
    }

    static ChatClient.Builder client(ChatModel model, ObservationRegistry registry, ModelSetup setup) {
        var tools = ToolCallingManager.builder().observationRegistry(registry);
        if (setup.toolExceptions() != null) {
            tools.toolExecutionExceptionProcessor(setup.toolExceptions());
        }
        return ChatClient.builder(
                model, registry, null, null, ToolCallingAdvisor.builder().toolCallingManager(tools.build()));
    }
}
