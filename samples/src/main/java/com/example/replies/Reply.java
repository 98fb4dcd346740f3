package com.example.replies;

/**
 * What the reply workflow produced for one ticket.
 *
 * @param ticketId the ticket
 * @param text     the reply to send
 * @param drafts   how many drafts the review loop needed
 * @param policy   the policy check's verdict
 * @param tone     the tone check's verdict
 * @param taskId   the Oceum task of this run (its trace on the dev server's dashboard)
 */
public record Reply(String ticketId, String text, int drafts, String policy, String tone, String taskId) {}
