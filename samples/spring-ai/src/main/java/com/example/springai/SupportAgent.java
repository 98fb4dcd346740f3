package com.example.springai;

import ai.oceum.annotation.AgentTask;
import org.springframework.ai.chat.client.ChatClient;

/** The support agent: each answer is one Oceum task, named by {@code @AgentTask}. */
public class SupportAgent {
    private static final String SYSTEM = "You answer customers of ACME Shop briefly and politely.";

    private final ChatClient chat;
    private final OrderTools orders;

    SupportAgent(ChatClient chat, OrderTools orders) {
        this.chat = chat;
        this.orders = orders;
    }

    /** Answers one customer message, looking orders up when asked about one. */
    @AgentTask("answer-customer")
    public String answer(String message) {
        return chat.prompt().system(SYSTEM).user(message).tools(orders).call().content();
    }

    /** Answers one customer message as a stream, the way a chat UI shows it. */
    @AgentTask("stream-answer")
    public String streamAnswer(String message) {
        return String.join(
                "",
                chat.prompt().system(SYSTEM).user(message).stream()
                        .content()
                        .collectList()
                        .block());
    }
}
