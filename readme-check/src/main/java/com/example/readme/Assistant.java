package com.example.readme;

// readme:begin assistant
import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;

interface Assistant {
    String chat(String userMessage);
}

class TicketTools {
    @Tool("The delivery status of an order")
    String orderStatus(@P(name = "orderId", description = "the order number") String orderId) {
        return "order " + orderId + " ships today";
    }
}
// readme:end assistant
