package com.example.support;

import java.util.List;

/** The fixed inbox the demo works through, so that every run shows the same story. */
public final class Tickets {

    private Tickets() {}

    /** Six tickets: routine ones, one from an unknown customer (a tool fails) and one the agent cannot handle. */
    public static List<Ticket> inbox() {
        return List.of(
                new Ticket(
                        "T-1001",
                        "C-17",
                        "Charged twice in November",
                        "Hi, my card was charged twice for the November invoice. Please refund one of them."),
                new Ticket(
                        "T-1002",
                        "C-42",
                        "API returns 503 since this morning",
                        "Our integration gets 503 Service Unavailable from your API since 08:00 UTC. Is there an outage?"),
                new Ticket(
                        "T-1003",
                        "C-99",
                        "Cannot log in",
                        "I reset my password twice and still cannot log in to my account."),
                new Ticket(
                        "T-1004",
                        "C-404",
                        "Where is my order?",
                        "I ordered the premium plan last week and nothing happened."),
                new Ticket(
                        "T-1005",
                        "C-17",
                        "Invoice address",
                        "Please change the address on our invoices to 12 Harbour Street, Leith."),
                new Ticket("T-1006", "C-42", "", ""));
    }
}
