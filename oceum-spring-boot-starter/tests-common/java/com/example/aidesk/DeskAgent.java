package com.example.aidesk;

import ai.oceum.annotation.AgentTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.stereotype.Service;

/** One ticket = one task; the ChatClient call inside it is its child. */
@Service
public class DeskAgent {
    private static final Logger log = LoggerFactory.getLogger(DeskAgent.class);

    private final ChatClient chat;

    public DeskAgent(ChatClient chat) {
        this.chat = chat;
    }

    @AgentTask("answer-ticket")
    public String answer(String question) {
        String answer = chat.prompt().user(question).call().content();
        if (answer.contains("could not")) {
            log.error("Ticket needs a human: {}", question);
        }
        return answer;
    }
}
