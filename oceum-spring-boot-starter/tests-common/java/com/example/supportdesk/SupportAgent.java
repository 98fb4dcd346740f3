package com.example.supportdesk;

import ai.oceum.annotation.AgentTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * One ticket = one {@code @AgentTask}; the AI service call inside it is its child. Logs an error
 * when the answer promises a refund (the appender reports it: this package is outside
 * {@code ai.oceum}, whose own loggers it ignores). The same bean on both lines; called on the web
 * server's request threads.
 */
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
