package ai.oceum.bench.springai;

import io.micrometer.observation.ObservationRegistry;
import java.util.List;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.ToolResponseMessage;
import org.springframework.ai.chat.metadata.ChatGenerationMetadata;
import org.springframework.ai.chat.metadata.ChatResponseMetadata;
import org.springframework.ai.chat.metadata.DefaultUsage;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.observation.ChatModelObservationContext;
import org.springframework.ai.chat.observation.ChatModelObservationDocumentation;
import org.springframework.ai.chat.observation.DefaultChatModelObservationConvention;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.model.tool.ToolCallingChatOptions;
import org.springframework.ai.model.tool.ToolCallingManager;
import org.springframework.ai.model.tool.ToolExecutionResult;
import org.springframework.ai.tool.ToolCallback;

/**
 * An in-process, deterministic Spring AI 1.1 {@link ChatModel}: no network, so that what the
 * benchmark sees is Spring AI's own work plus the observation handlers. Like a hosted model it
 * observes each call as {@code gen_ai.client.operation} and answers with token usage; offered
 * tools, it first asks for the first one, runs it through its {@link ToolCallingManager} (as
 * Spring AI 1.1's own models do) and answers from the result: one tool round trip per call.
 */
public final class ScriptedChatModel implements ChatModel {
    /** The model name reported in responses (and so in Oceum usage events). */
    public static final String MODEL_NAME = "bench-scripted-1";

    private static final DefaultChatModelObservationConvention CONVENTION = new DefaultChatModelObservationConvention();

    private final ObservationRegistry registry;
    private final ToolCallingManager tools;

    /** A model observed on {@code registry}, running tools with a manager observed there too. */
    public ScriptedChatModel(ObservationRegistry registry) {
        this.registry = registry;
        this.tools = ToolCallingManager.builder().observationRegistry(registry).build();
    }

    @Override
    public ChatOptions getDefaultOptions() {
        return ToolCallingChatOptions.builder().model(MODEL_NAME).build();
    }

    @Override
    public ChatResponse call(Prompt prompt) {
        ChatModelObservationContext context = ChatModelObservationContext.builder()
                .prompt(prompt)
                .provider("openai")
                .build();
        ChatResponse response = ChatModelObservationDocumentation.CHAT_MODEL_OPERATION
                .observation(null, CONVENTION, () -> context, registry)
                .observe(() -> {
                    ChatResponse answer = answer(prompt);
                    context.setResponse(answer);
                    return answer;
                });
        if (response.hasToolCalls()) {
            ToolExecutionResult result = tools.executeToolCalls(prompt, response);
            return call(new Prompt(result.conversationHistory(), prompt.getOptions()));
        }
        return response;
    }

    private static ChatResponse answer(Prompt prompt) {
        List<Message> messages = prompt.getInstructions();
        Message last = messages.get(messages.size() - 1);
        List<ToolCallback> offered =
                prompt.getOptions() instanceof ToolCallingChatOptions options ? options.getToolCallbacks() : List.of();
        boolean askTool = !offered.isEmpty() && !(last instanceof ToolResponseMessage);
        AssistantMessage message;
        if (askTool) {
            String tool = offered.get(0).getToolDefinition().name();
            message = AssistantMessage.builder()
                    .content("")
                    .toolCalls(
                            List.of(new AssistantMessage.ToolCall("call-1", "function", tool, "{\"arg0\":\"o-4812\"}")))
                    .build();
        } else {
            message = new AssistantMessage(
                    last instanceof ToolResponseMessage result
                            ? "Your order: " + result.getResponses().get(0).responseData()
                            : "category: billing; priority: normal");
        }
        Generation generation = new Generation(
                message,
                ChatGenerationMetadata.builder()
                        .finishReason(askTool ? "TOOL_CALLS" : "STOP")
                        .build());
        return ChatResponse.builder()
                .generations(List.of(generation))
                .metadata(ChatResponseMetadata.builder()
                        .id("bench")
                        .model(MODEL_NAME)
                        .usage(new DefaultUsage(120 * messages.size(), 24))
                        .build())
                .build();
    }
}
