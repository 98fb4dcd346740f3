package com.example.support;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's logic: validate the ticket, ask the AI service, parse its answer. Errors are
 * logged with SLF4J — the Oceum Logback appender turns them into Oceum error events.
 */
public final class TriageAgent implements SupportAgent {

    private static final Logger log = LoggerFactory.getLogger(TriageAgent.class);

    private final TriageAssistant assistant;

    /** An agent that asks {@code assistant} for every ticket. */
    public TriageAgent(TriageAssistant assistant) {
        this.assistant = assistant;
    }

    @Override
    public Verdict triage(Ticket ticket) {
        if (ticket.body().isBlank()) {
            IllegalArgumentException problem = new IllegalArgumentException("ticket " + ticket.id() + " has no text");
            log.error("Cannot triage ticket {}: it is empty", ticket.id(), problem);
            throw problem;
        }
        Verdict verdict = Verdict.parse(ticket.id(), assistant.classify(ticket.asPrompt()));
        log.info("Ticket {} -> {} / {}", ticket.id(), verdict.category(), verdict.priority());
        return verdict;
    }
}
