package com.example.springboot;

import dev.langchain4j.agent.tool.Tool;
import java.util.Map;
import org.springframework.stereotype.Component;

/** The agent's one tool: an order book of three orders. */
@Component
public class OrderTools {
    private static final Map<String, String> ORDERS = Map.of(
            "4812", "shipped on Monday, arriving Thursday",
            "4813", "waiting for payment",
            "4814", "delivered");

    @Tool("Looks up the status of an order by its number")
    public String orderStatus(String orderNumber) {
        String status = ORDERS.get(orderNumber);
        if (status == null) {
            throw new IllegalArgumentException("no order " + orderNumber);
        }
        return "order " + orderNumber + ": " + status;
    }
}
