package com.example.readme;

import dev.langchain4j.agentic.Agent;
import dev.langchain4j.service.UserMessage;
import dev.langchain4j.service.V;

/** README's agentic workflow: drafts the reply (in the review loop). */
public interface Drafter {
    @UserMessage("Draft a reply to this {{category}} ticket: {{ticket}}")
    @Agent(name = "drafter", description = "drafts a reply", outputKey = "reply")
    String draft(@V("ticket") String ticket, @V("category") String category);
}
