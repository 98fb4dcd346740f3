package ai.oceum.bench.langchain4j;

import dev.langchain4j.agent.tool.Tool;

/** The tool of the round-trip variant: answers at once, so only the round trip is measured. */
public final class OrderTools {
    /** Looks up an order's state. */
    @Tool("Looks up the state of an order")
    public String lookupOrder(String orderId) {
        return "order " + orderId + " shipped";
    }
}
