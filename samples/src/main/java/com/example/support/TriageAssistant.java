package com.example.support;

import ai.oceum.annotation.AgentTask;
import dev.langchain4j.service.SystemMessage;
import dev.langchain4j.service.UserMessage;

/**
 * The LangChain4j AI service behind the triage agent. {@code @AgentTask} names the task the
 * Oceum LangChain4j listeners report for each call.
 */
public interface TriageAssistant {

    /** Classifies one ticket and drafts a first reply. */
    @AgentTask("classify-ticket")
    @SystemMessage("""
            You triage customer support tickets. Use lookupCustomer for the ticket's customer and
            searchKnowledgeBase for its category. Answer exactly as
            'category: <billing|outage|account|other>; priority: <low|normal|high>; reply: <one sentence>'.""")
    String classify(@UserMessage String ticket);
}
