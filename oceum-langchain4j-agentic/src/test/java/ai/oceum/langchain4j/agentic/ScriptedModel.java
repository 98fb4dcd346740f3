package ai.oceum.langchain4j.agentic;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import java.util.List;
import java.util.function.Function;

/**
 * An in-process chat model answering from a script: it overrides only {@code doChat} and
 * {@code listeners()}, the two methods {@code OpenAiChatModel} overrides, so listeners run through
 * LangChain4j's own {@code ChatModel.chat} path. Each answer carries the token usage the script
 * gives it, so tests can tell every call's tokens apart.
 */
final class ScriptedModel implements ChatModel {
    private final String name;
    private final Function<ChatRequest, Answer> script;
    private final List<ChatModelListener> listeners;

    ScriptedModel(String name, Function<ChatRequest, Answer> script, ChatModelListener... listeners) {
        this.name = name;
        this.script = script;
        this.listeners = List.of(listeners);
    }

    @Override
    public ChatResponse doChat(ChatRequest request) {
        Answer a = script.apply(request);
        return ChatResponse.builder()
                .aiMessage(a.message)
                .modelName(name)
                .finishReason(a.message.hasToolExecutionRequests() ? FinishReason.TOOL_EXECUTION : FinishReason.STOP)
                .tokenUsage(new TokenUsage(a.in, a.out))
                .build();
    }

    @Override
    public List<ChatModelListener> listeners() {
        return listeners;
    }

    /** The text of the last user message (or tool result) of the request. */
    static String prompt(ChatRequest request) {
        List<ChatMessage> messages = request.messages();
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i) instanceof UserMessage u) {
                return u.singleText();
            }
            if (messages.get(i) instanceof ToolExecutionResultMessage t) {
                return "tool result: " + t.text();
            }
        }
        return "";
    }

    static boolean hasToolResult(ChatRequest request) {
        return request.messages().stream().anyMatch(m -> m instanceof ToolExecutionResultMessage);
    }

    /** One scripted answer and its usage. */
    record Answer(AiMessage message, int in, int out) {
        static Answer text(String text, int in, int out) {
            return new Answer(AiMessage.from(text), in, out);
        }

        static Answer tools(int in, int out, ToolExecutionRequest... calls) {
            return new Answer(AiMessage.from(List.of(calls)), in, out);
        }
    }

    static ToolExecutionRequest call(String id, String tool, String arguments) {
        return ToolExecutionRequest.builder()
                .id(id)
                .name(tool)
                .arguments(arguments)
                .build();
    }
}
