package com.example.replies;

import ai.oceum.Oceum;
import ai.oceum.TaskScope;
import ai.oceum.langchain4j.agentic.OceumAgentic;
import com.example.replies.ReplyAgents.Classifier;
import com.example.replies.ReplyAgents.Drafter;
import com.example.replies.ReplyAgents.PolicyCheck;
import com.example.replies.ReplyAgents.Reviewer;
import com.example.replies.ReplyAgents.ToneCheck;
import com.example.support.Ticket;
import com.example.support.TicketTools;
import dev.langchain4j.agentic.AgenticServices;
import dev.langchain4j.agentic.UntypedAgent;
import dev.langchain4j.model.chat.ChatModel;
import java.util.Map;

/**
 * A small multi-agent system built with LangChain4j's agentic module and reported to Oceum as one
 * task tree per run: {@code classify} → the loop {@code review-loop} of {@code draft-reply} (with
 * the knowledge-base tool) and {@code review-reply} until a draft scores 0.8 → the parallel
 * {@code final-checks} of {@code policy-check} and {@code tone-check}. One call,
 * {@link OceumAgentic#instrument}, on the root is all the reporting it needs; the model's
 * {@code OceumChatModelListener} ties each call's tokens to the agent that made it.
 *
 * <p>Each {@link #reply} runs inside an {@code oceum.wrap("reply-to-ticket", ..)} task, so the
 * workflow's tree hangs under a plain-Java task, and its id names the run's trace page. One reply
 * at a time: the workflow's agents are not shared between threads here.
 */
public final class ReplyWorkflow {

    private final Oceum oceum;
    private final UntypedAgent workflow;

    /** The system on {@code model} (whose listeners should include an {@code OceumChatModelListener}), reporting through {@code oceum}. */
    public ReplyWorkflow(Oceum oceum, ChatModel model) {
        this.oceum = oceum;
        Classifier classify =
                AgenticServices.agentBuilder(Classifier.class).chatModel(model).build();
        Drafter draft = AgenticServices.agentBuilder(Drafter.class)
                .chatModel(model)
                .tools(new TicketTools())
                .build();
        Reviewer review =
                AgenticServices.agentBuilder(Reviewer.class).chatModel(model).build();
        UntypedAgent reviewLoop = AgenticServices.loopBuilder()
                .name("review-loop")
                .subAgents(draft, review)
                .maxIterations(3)
                .exitCondition(scope -> scope.readState("score", 0.0) >= 0.8)
                .build();
        UntypedAgent finalChecks = AgenticServices.parallelBuilder()
                .name("final-checks")
                .subAgents(
                        AgenticServices.agentBuilder(PolicyCheck.class)
                                .chatModel(model)
                                .build(),
                        AgenticServices.agentBuilder(ToneCheck.class)
                                .chatModel(model)
                                .build())
                .build();
        this.workflow = OceumAgentic.instrument(AgenticServices.sequenceBuilder(), oceum) // on the root only
                .name("reply-workflow")
                .subAgents(classify, reviewLoop, finalChecks)
                .output(scope -> Map.of(
                        "reply",
                        scope.readState("reply", ""),
                        "policy",
                        scope.readState("policy", ""),
                        "tone",
                        scope.readState("tone", "")))
                .build();
    }

    /** Drafts, reviews and checks the reply to one ticket. */
    public Reply reply(Ticket ticket) {
        return oceum.wrap("reply-to-ticket", Map.of("ticketId", ticket.id()), () -> {
            String taskId = TaskScope.current().map(task -> task.id()).orElse(null);
            @SuppressWarnings("unchecked")
            Map<String, Object> result = (Map<String, Object>) workflow.invoke(Map.of("ticket", ticket.asPrompt()));
            String text = String.valueOf(result.get("reply"));
            int drafts = text.startsWith("Draft v") ? Character.digit(text.charAt("Draft v".length()), 10) : 1;
            return new Reply(
                    ticket.id(),
                    text.replaceFirst("^Draft v\\d+: ", ""),
                    drafts,
                    String.valueOf(result.get("policy")),
                    String.valueOf(result.get("tone")),
                    taskId);
        });
    }
}
