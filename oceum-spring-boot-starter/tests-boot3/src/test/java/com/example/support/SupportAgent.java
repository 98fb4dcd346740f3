package com.example.support;

import ai.oceum.annotation.AgentTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

@Service
public class SupportAgent {
    private static final Logger log = LoggerFactory.getLogger(SupportAgent.class);

    private final Assistant assistant;

    public SupportAgent(Assistant assistant) {
        this.assistant = assistant;
    }

    @AgentTask("answer-ticket")
    public String answer(String question) {
        String answer = assistant.chat(question);
        if (answer.contains("refund")) {
            log.error("Refund promised for a shipped order: {}", question);
        }
        return answer;
    }
}
