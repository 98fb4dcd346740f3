package com.example.support;

/**
 * A support ticket as it arrives from the help desk.
 *
 * @param id         the help desk's ticket number
 * @param customerId the customer who wrote it
 * @param subject    the subject line
 * @param body       what the customer wrote
 */
public record Ticket(String id, String customerId, String subject, String body) {

    /** The ticket as the model reads it: one short block of text. */
    public String asPrompt() {
        return "Ticket " + id + " from customer " + customerId + "\nSubject: " + subject + "\n\n" + body;
    }
}
