package com.example.readme;

// readme:begin spring-ai-tools
import org.springframework.ai.tool.annotation.Tool;

class OrderTools {
    @Tool(description = "The delivery status of an order")
    String orderStatus(String orderId) {
        return "order " + orderId + " ships today";
    }
}
// readme:end spring-ai-tools
