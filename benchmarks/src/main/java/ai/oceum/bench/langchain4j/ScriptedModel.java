package ai.oceum.bench.langchain4j;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import java.util.List;

/**
 * An in-process, deterministic {@link ChatModel}: no network, a few hundred nanoseconds per call,
 * so that what the benchmark sees is LangChain4j's own work plus the listeners. It goes through
 * LangChain4j's normal path ({@code chat} → listeners → {@code doChat}) and returns token usage
 * like a hosted model. Offered tools, it first asks for the first tool once, then answers from the
 * tool's result: one tool round trip per invocation.
 */
public final class ScriptedModel implements ChatModel {
    /** The model name reported in responses (and so in Oceum usage events). */
    public static final String MODEL_NAME = "bench-scripted-1";

    private final List<ChatModelListener> listeners;

    /** A model that notifies {@code listeners} of every call (none for the baseline). */
    public ScriptedModel(List<ChatModelListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    @Override
    public List<ChatModelListener> listeners() {
        return listeners;
    }

    @Override
    public ChatResponse doChat(ChatRequest request) {
        List<ChatMessage> messages = request.messages();
        ChatMessage last = messages.get(messages.size() - 1);
        boolean askTool = !request.toolSpecifications().isEmpty() && !(last instanceof ToolExecutionResultMessage);
        AiMessage answer = askTool
                ? AiMessage.from(toolCall(request.toolSpecifications().get(0)))
                : AiMessage.from(
                        last instanceof ToolExecutionResultMessage result
                                ? "Your order: " + result.text()
                                : "category: billing; priority: normal");
        return ChatResponse.builder()
                .aiMessage(answer)
                .modelName(MODEL_NAME)
                .tokenUsage(new TokenUsage(120 * messages.size(), 24))
                .finishReason(askTool ? FinishReason.TOOL_EXECUTION : FinishReason.STOP)
                .build();
    }

    private static ToolExecutionRequest toolCall(ToolSpecification tool) {
        // The parameter's name depends on how the tool was compiled (-parameters or arg0): read it.
        String parameter =
                tool.parameters() == null || tool.parameters().properties().isEmpty()
                        ? "arg0"
                        : tool.parameters().properties().keySet().iterator().next();
        return ToolExecutionRequest.builder()
                .id("call-1")
                .name(tool.name())
                .arguments("{\"" + parameter + "\":\"o-4812\"}")
                .build();
    }
}
