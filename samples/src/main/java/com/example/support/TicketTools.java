package com.example.support;

import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import java.util.Map;

/**
 * The two tools the triage model may call. They read a small in-memory CRM and knowledge base;
 * an unknown customer makes {@link #lookupCustomer} fail, which Oceum reports as a failed tool call.
 */
public class TicketTools {

    private static final Map<String, String> CUSTOMERS = Map.of(
            "C-17", "Harbour Bakery, plan=business, since=2021, open invoices=1",
            "C-42", "Northwind Logistics, plan=enterprise, since=2019, SLA=99.9%",
            "C-99", "Ada Byron, plan=free, since=2025");

    private static final Map<String, String> ARTICLES = Map.of(
            "billing", "KB-12: duplicate charges are refunded within 3 working days after confirmation.",
            "outage", "KB-3: check status.example.com, enterprise customers get an incident contact.",
            "account", "KB-7: password resets expire after 15 minutes; clear cookies and retry.");

    /** Looks a customer up in the CRM. */
    @Tool("Looks up a customer's plan and history by customer id")
    public String lookupCustomer(@P(name = "customerId", value = "the customer id, like C-17") String customerId) {
        String customer = CUSTOMERS.get(customerId);
        if (customer == null) {
            throw new IllegalArgumentException("no customer with id " + customerId);
        }
        return customer;
    }

    /** Finds the knowledge-base article for a category. */
    @Tool("Finds the knowledge base article for a ticket category: billing, outage or account")
    public String searchKnowledgeBase(@P(name = "category", value = "the category") String category) {
        return ARTICLES.getOrDefault(category, "No article found for " + category);
    }
}
