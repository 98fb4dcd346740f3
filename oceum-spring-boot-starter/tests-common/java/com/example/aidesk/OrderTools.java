package com.example.aidesk;

import org.springframework.ai.tool.annotation.Tool;
import org.springframework.stereotype.Component;

/** The desk's tools: a lookup that works and a cancellation that always fails. */
@Component
public class OrderTools {
    @Tool(description = "Looks up the status of an order")
    public String orderStatus(String orderId) {
        return "order " + orderId + " shipped yesterday";
    }

    @Tool(description = "Cancels an order")
    public String cancelOrder(String orderId) {
        throw new IllegalStateException("order " + orderId + " has already shipped");
    }
}
