package com.example.springboot;

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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A deterministic stand-in for an LLM, so the sample runs offline: for a question naming an order
 * number it first asks for the {@code orderStatus} tool, then answers from the tool's result. It
 * goes through LangChain4j's normal model path (listeners, tool calls, token usage) like a hosted
 * model; tokens are estimated at four characters each.
 */
public final class OfflineModel implements ChatModel {
    /** The model name in usage events. */
    public static final String NAME = "offline-support-1";

    private static final Pattern ORDER = Pattern.compile("\\b(\\d{4})\\b");

    private final List<ChatModelListener> listeners;

    public OfflineModel(List<ChatModelListener> listeners) {
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
        AiMessage answer;
        if (last instanceof ToolExecutionResultMessage result) {
            answer = AiMessage.from(
                    result.text().startsWith("order ")
                            ? "Thanks for asking: " + result.text() + "."
                            : "Sorry, I could not find that order (" + result.text() + ").");
        } else {
            Matcher order =
                    ORDER.matcher(last instanceof UserMessage user && user.hasSingleText() ? user.singleText() : "");
            answer = order.find() && !request.toolSpecifications().isEmpty()
                    ? AiMessage.from(ToolExecutionRequest.builder()
                            .id("call-1")
                            .name("orderStatus")
                            .arguments("{\"orderNumber\":\"" + order.group(1) + "\"}")
                            .build())
                    : AiMessage.from("Sorry, please tell me your order number.");
        }
        return ChatResponse.builder()
                .aiMessage(answer)
                .modelName(NAME)
                .tokenUsage(new TokenUsage(
                        tokens(messages), Math.max(1, String.valueOf(answer).length() / 4)))
                .finishReason(answer.hasToolExecutionRequests() ? FinishReason.TOOL_EXECUTION : FinishReason.STOP)
                .build();
    }

    private static int tokens(List<ChatMessage> messages) {
        return Math.max(
                1, messages.stream().mapToInt(m -> m.toString().length()).sum() / 4);
    }
}
