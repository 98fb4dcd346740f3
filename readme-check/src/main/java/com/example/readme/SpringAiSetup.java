package com.example.readme;

// readme:begin spring-ai
import ai.oceum.Oceum;
import ai.oceum.springai.OceumSpringAi;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.client.advisor.ToolCallingAdvisor;
import org.springframework.ai.model.tool.ToolCallingManager;
import org.springframework.ai.openai.OpenAiChatModel;
import org.springframework.ai.openai.OpenAiChatOptions;
// readme:end spring-ai
import org.springframework.ai.chat.model.ChatModel;

/**
 * README, Spring AI: plain-Java registration with a hosted model (Spring AI 2.0). The part after
 * the model is a method of its own, so that a test runs it on a model against a fake server.
 */
final class SpringAiSetup {
    private SpringAiSetup() {
    }

    static String run() {
        // readme:begin spring-ai
        Oceum oceum = Oceum.fromEnv();
        ObservationRegistry registry = ObservationRegistry.create();
        OceumSpringAi.register(registry, oceum);                          // the one registration call

        OpenAiChatModel model = OpenAiChatModel.builder()
                .options(OpenAiChatOptions.builder().apiKey(System.getenv("OPENAI_API_KEY")).model("gpt-4o-mini").build())
                .observationRegistry(registry)                             // Spring AI observes through it
                .build();
        // readme:end spring-ai
        return ask(registry, model);
    }

    static String ask(ObservationRegistry registry, ChatModel model) {
        // readme:begin spring-ai
        ToolCallingManager tools = ToolCallingManager.builder()
                .observationRegistry(registry)
                .toolExecutionExceptionProcessor(OceumSpringAi.toolExceptionProcessor())   // failed tools too
                .build();
        ChatClient chat = ChatClient.builder(model, registry, null, null,
                ToolCallingAdvisor.builder().toolCallingManager(tools)).build();

        String answer = chat.prompt().user("Where is my order 4812?").tools(new OrderTools()).call().content();
        // readme:end spring-ai
        return answer;
    }
}
