package com.example.readme;

import dev.langchain4j.agentic.Agent;
import dev.langchain4j.service.UserMessage;
import dev.langchain4j.service.V;

/** README's agentic workflow: scores the draft from 0 to 1; the loop ends at 0.8. */
public interface Reviewer {
    @UserMessage("Score this reply from 0 to 1: {{reply}}")
    @Agent(name = "reviewer", description = "scores a reply", outputKey = "score")
    double review(@V("reply") String reply);
}
