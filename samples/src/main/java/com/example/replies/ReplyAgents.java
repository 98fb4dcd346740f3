package com.example.replies;

import dev.langchain4j.agentic.Agent;
import dev.langchain4j.service.UserMessage;
import dev.langchain4j.service.V;

/**
 * The agents of the reply workflow, as LangChain4j agentic {@code @Agent} interfaces: each reads
 * its inputs from the workflow's shared state and writes its answer under its {@code outputKey}.
 * (Public because LangChain4j calls them reflectively.)
 */
public final class ReplyAgents {

    private ReplyAgents() {}

    /** Decides what the ticket is about. */
    public interface Classifier {
        @UserMessage("Classify this ticket as billing, outage, account or other: {{ticket}}")
        @Agent(name = "classify", description = "classifies a support ticket", outputKey = "category")
        String classify(@V("ticket") String ticket);
    }

    /** Writes a reply, looking up the knowledge base with a tool. */
    public interface Drafter {
        @UserMessage("Write a reply to this {{category}} ticket: {{ticket}}")
        @Agent(name = "draft-reply", description = "drafts a reply to a ticket", outputKey = "reply")
        String draft(@V("category") String category, @V("ticket") String ticket);
    }

    /** Scores a reply from 0 to 1: the review loop ends at 0.8. */
    public interface Reviewer {
        @UserMessage("Score this reply from 0 to 1: {{reply}}")
        @Agent(name = "review-reply", description = "scores a reply from 0 to 1", outputKey = "score")
        double review(@V("reply") String reply);
    }

    /** Checks a reply against the refund policy. */
    public interface PolicyCheck {
        @UserMessage("Check this reply against the refund policy: {{reply}}")
        @Agent(name = "policy-check", description = "checks a reply against the refund policy", outputKey = "policy")
        String check(@V("reply") String reply);
    }

    /** Checks a reply's tone. */
    public interface ToneCheck {
        @UserMessage("Check the tone of this reply: {{reply}}")
        @Agent(name = "tone-check", description = "checks the tone of a reply", outputKey = "tone")
        String check(@V("reply") String reply);
    }
}
