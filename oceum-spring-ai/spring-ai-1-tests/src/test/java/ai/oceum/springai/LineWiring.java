package ai.oceum.springai;

import ai.oceum.testing.FakeOpenAi;
import io.micrometer.observation.ObservationRegistry;
import java.net.http.HttpClient;
import java.time.Duration;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.model.tool.ToolCallingChatOptions;
import org.springframework.ai.model.tool.ToolCallingManager;
import org.springframework.ai.openai.OpenAiChatModel;
import org.springframework.ai.openai.OpenAiChatOptions;
import org.springframework.ai.openai.api.OpenAiApi;
import org.springframework.ai.retry.TransientAiException;
import org.springframework.ai.support.ToolCallbacks;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.retry.support.RetryTemplate;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

/**
 * Spring AI 1.1 wiring of the shared suite: {@code OpenAiApi} at the server root, Spring Retry
 * around the model, and the tools run by the model's own {@code ToolCallingManager}.
 */
final class LineWiring {
    static final String LINE = "1.1";

    private LineWiring() {}

    static ChatModel model(FakeOpenAi fake, ObservationRegistry registry, ModelSetup setup) {
        JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build());
        requests.setReadTimeout(setup.timeout());
        OpenAiApi api = OpenAiApi.builder()
                .baseUrl(fake.baseUrl())
                .apiKey("model-key")
                .restClientBuilder(RestClient.builder().requestFactory(requests))
                .build();
        var tools = ToolCallingManager.builder().observationRegistry(registry);
        if (setup.toolExceptions() != null) {
            tools.toolExecutionExceptionProcessor(setup.toolExceptions());
        }
        RetryTemplate retry = RetryTemplate.builder()
                .maxAttempts(setup.retries() + 1)
                .retryOn(TransientAiException.class)
                .retryOn(ResourceAccessException.class)
                .fixedBackoff(10)
                .build();
        return OpenAiChatModel.builder()
                .openAiApi(api)
                .defaultOptions(OpenAiChatOptions.builder()
                        .model("gpt-4o-mini")
                        .streamUsage(setup.streamUsage())
                        .build())
                .toolCallingManager(tools.build())
                .retryTemplate(retry)
                .observationRegistry(registry)
                .build();
    }

    /** A prompt offering {@code tools} to a chat model called directly (1.1's models then run them themselves). */
    static Prompt toolPrompt(String text, Object tools) {
        return new Prompt(
                text,
                ToolCallingChatOptions.builder()
                        .model("gpt-4o-mini")
                        .toolCallbacks(ToolCallbacks.from(tools))
                        .build());
    }

    static ChatClient.Builder client(ChatModel model, ObservationRegistry registry, ModelSetup setup) {
        return ChatClient.builder(model, registry, null, null);
    }
}
