package com.example.springboot;

import ai.oceum.annotation.AgentTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/** One ticket = one Oceum task ("answer-ticket"); the AI service's call is its child. */
@Service
public class TicketDesk {
    private static final Logger log = LoggerFactory.getLogger(TicketDesk.class);

    private final Assistant assistant;

    public TicketDesk(Assistant assistant) {
        this.assistant = assistant;
    }

    @AgentTask("answer-ticket")
    public String answer(String question) {
        String answer = assistant.answer(question);
        if (answer.startsWith("Sorry")) {
            log.error("Ticket could not be answered: {}", question); // reaches Oceum as an error of this task
        }
        return answer;
    }
}
