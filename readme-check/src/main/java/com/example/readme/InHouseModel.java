package com.example.readme;

// readme:begin own-model
import ai.oceum.Oceum;
import ai.oceum.langchain4j.OceumChatModelListener;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.TokenUsage;
import java.util.List;

public class InHouseModel implements ChatModel {
    private final List<ChatModelListener> listeners;

    public InHouseModel(Oceum oceum) {
        this.listeners = List.of(new OceumChatModelListener(oceum));
    }

    @Override
    public List<ChatModelListener> listeners() {      // without this, LangChain4j calls no listener
        return listeners;
    }

    @Override
    public ChatResponse doChat(ChatRequest request) {
        return ChatResponse.builder()
                .aiMessage(AiMessage.from("Order 4812 ships today."))
                .modelName("in-house-1")
                .tokenUsage(new TokenUsage(42, 7))        // reported as a usage event
                .build();
    }
}
// readme:end own-model
