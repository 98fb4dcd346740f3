package com.example.readme;

import dev.langchain4j.agentic.Agent;
import dev.langchain4j.service.UserMessage;
import dev.langchain4j.service.V;

/** README's agentic workflow, first step (not shown in the README: any {@code @Agent} interface). */
public interface Classifier {
    @UserMessage("Classify this support ticket as shipping, billing or other: {{ticket}}")
    @Agent(name = "classifier", description = "classifies a ticket", outputKey = "category")
    String classify(@V("ticket") String ticket);
}
