package com.example.support;

import dev.langchain4j.agent.tool.Tool;
import org.springframework.stereotype.Component;

@Component
public class OrderTools {
    @Tool("Looks up the status of an order")
    public String orderStatus(String orderId) {
        return "order " + orderId + " shipped yesterday";
    }
}
