package ai.oceum.bench.agentic;

import dev.langchain4j.agentic.Agent;
import dev.langchain4j.service.UserMessage;
import dev.langchain4j.service.V;

/** One AI agent of the measured workflow: reads {@code text}, one model call, writes {@code text}. */
public interface Step {
    @UserMessage("Improve this text: {{text}}")
    @Agent(description = "improves a text", outputKey = "text")
    String improve(@V("text") String text);
}
