package com.example.springai;

import org.springframework.ai.tool.annotation.Tool;
import org.springframework.ai.tool.annotation.ToolParam;

/** The agent's tool: the order system, offline. Order B-2002 is where it is "down", on purpose. */
public class OrderTools {
    /** The status of one order. */
    @Tool(description = "Look up the delivery status of an order by its id")
    public String lookupOrder(@ToolParam(description = "the order id, like A-1001") String orderId) {
        if (orderId.startsWith("B-")) {
            throw new IllegalStateException("order system unavailable (timeout after 2 s) for " + orderId);
        }
        return "order " + orderId + " left our warehouse yesterday and arrives tomorrow";
    }
}
