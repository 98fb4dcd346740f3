package com.example.readme;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
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
 * A model that, like a hosted one, first asks for the README's {@code orderStatus} tool and then
 * answers with what the tool returned: it makes LangChain4j call {@code TicketTools} as written.
 */
final class ToolCallingModel implements ChatModel {
    private final List<ChatModelListener> listeners;

    ToolCallingModel(List<ChatModelListener> listeners) {
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
        if (last instanceof ToolExecutionResultMessage result) {
            return ChatResponse.builder().aiMessage(AiMessage.from("Tool says: " + result.text()))
                    .tokenUsage(new TokenUsage(30, 6)).finishReason(FinishReason.STOP).modelName("tool-caller").build();
        }
        String tool = request.toolSpecifications().get(0).name();
        String parameter = request.toolSpecifications().get(0).parameters().properties().keySet().iterator().next();
        ToolExecutionRequest call = ToolExecutionRequest.builder().id("call-1").name(tool)
                .arguments("{\"" + parameter + "\":\"4812\"}").build();
        return ChatResponse.builder().aiMessage(AiMessage.from(List.of(call)))
                .tokenUsage(new TokenUsage(20, 4)).finishReason(FinishReason.TOOL_EXECUTION).modelName("tool-caller").build();
    }
}
