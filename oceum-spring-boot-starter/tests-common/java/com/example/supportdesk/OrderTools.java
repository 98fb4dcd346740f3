package com.example.supportdesk;

import dev.langchain4j.agent.tool.Tool;
import org.springframework.stereotype.Component;

/** The desk's LangChain4j tool, the same bean on both lines; stateless. */
@Component
public class OrderTools {
    @Tool("Looks up the status of an order")
    public String orderStatus(String orderId) {
        return "order " + orderId + " shipped yesterday";
    }
}
