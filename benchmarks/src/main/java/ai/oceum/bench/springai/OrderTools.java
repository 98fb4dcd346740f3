package ai.oceum.bench.springai;

import org.springframework.ai.tool.annotation.Tool;

/** The one tool of the tool-round-trip case: answers at once, so that only the frameworks' work is measured. */
public class OrderTools {
    /** Looks an order up (a constant answer). */
    @Tool(description = "Look up an order by its id")
    public String lookupOrder(String orderId) {
        return "order " + orderId + " shipped yesterday";
    }
}
