package com.example.support;

/**
 * What the triage agent decided for one ticket.
 *
 * @param ticketId the ticket
 * @param category billing, outage, account or other
 * @param priority low, normal or high
 * @param reply    the first answer to send to the customer
 */
public record Verdict(String ticketId, String category, String priority, String reply) {

    /** Reads the model's answer, written as {@code category: X; priority: Y; reply: Z}. */
    static Verdict parse(String ticketId, String answer) {
        String category = field(answer, "category", "other");
        String priority = field(answer, "priority", "normal");
        String reply = field(answer, "reply", answer == null ? "" : answer.strip());
        return new Verdict(ticketId, category, priority, reply);
    }

    private static String field(String answer, String name, String fallback) {
        if (answer == null) {
            return fallback;
        }
        for (String part : answer.split(";")) {
            String[] kv = part.split(":", 2);
            if (kv.length == 2 && kv[0].strip().equalsIgnoreCase(name)) {
                return kv[1].strip();
            }
        }
        return fallback;
    }
}
