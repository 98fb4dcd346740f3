package ai.oceum.devserver;

import ai.oceum.Oceum;
import ai.oceum.langchain4j.OceumChatModelListener;
import ai.oceum.langchain4j.agentic.OceumAgentic;
import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agentic.Agent;
import dev.langchain4j.agentic.AgenticServices;
import dev.langchain4j.agentic.UntypedAgent;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import dev.langchain4j.service.V;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A real LangChain4j multi-agent system for the trace view's tests, run by {@code AgenticServices}
 * on a scripted model and reported by {@code oceum-langchain4j-agentic}: the sequence
 * {@code support-reply} = {@code triage} (with a CRM tool) → the loop {@code review-loop} of
 * {@code draft-reply} and {@code review-draft} (two iterations: the first draft scores 0.4, the
 * second 0.9) → the parallel {@code final-checks} of {@code policy-check} and {@code tone-check}.
 * A ticket mentioning a lawyer makes the policy check's model call fail. Token usage per call is
 * fixed per agent ({@link #TOKENS}), so tests know every total.
 */
public final class SupportWorkflow {
    /** Tokens in and out of each agent's model call (triage makes two: the tool request and the answer). */
    static final Map<String, int[]> TOKENS = Map.of(
            "triage",
            new int[] {120, 12},
            "draft-reply",
            new int[] {400, 160},
            "review-draft",
            new int[] {300, 4},
            "policy-check",
            new int[] {250, 8},
            "tone-check",
            new int[] {220, 6});
    /** The model name the calls report (priced by the dev server's built-in table). */
    static final String MODEL = "gpt-4o-mini";

    private final UntypedAgent workflow;
    private final Map<String, Integer> drafts = new ConcurrentHashMap<>();
    private volatile CountDownLatch gate;
    private volatile String heldAgent;
    private final int latencyMs;

    /** The system reporting through {@code oceum}; each model call takes about {@code latencyMs}. */
    SupportWorkflow(Oceum oceum, int latencyMs) {
        this.latencyMs = latencyMs;
        ChatModel model = new Scripted(List.of(new OceumChatModelListener(oceum)));
        Triage triage = AgenticServices.agentBuilder(Triage.class)
                .chatModel(model)
                .tools(new CrmTools(latencyMs))
                .build();
        UntypedAgent review = AgenticServices.loopBuilder()
                .name("review-loop")
                .subAgents(
                        AgenticServices.agentBuilder(Drafter.class)
                                .chatModel(model)
                                .build(),
                        AgenticServices.agentBuilder(Reviewer.class)
                                .chatModel(model)
                                .build())
                .maxIterations(3)
                .exitCondition(scope -> scope.readState("score", 0.0) >= 0.8)
                .build();
        UntypedAgent checks = AgenticServices.parallelBuilder()
                .name("final-checks")
                .subAgents(
                        AgenticServices.agentBuilder(PolicyCheck.class)
                                .chatModel(model)
                                .build(),
                        AgenticServices.agentBuilder(ToneCheck.class)
                                .chatModel(model)
                                .build())
                .build();
        this.workflow = OceumAgentic.instrument(AgenticServices.sequenceBuilder(), oceum)
                .name("support-reply")
                .subAgents(triage, review, checks)
                .outputKey("draft")
                .build();
    }

    /** Answers one ticket (throws when the policy check fails). */
    String answer(String ticket) {
        return (String) workflow.invoke(Map.of("ticket", ticket));
    }

    /** Holds the model calls of {@code agent} (for example {@code review-draft}) until the returned latch is counted down. */
    CountDownLatch hold(String agent) {
        gate = new CountDownLatch(1);
        heldAgent = agent;
        return gate;
    }

    /** Tokens of one full run: triage twice (tool request, answer), two drafts, two reviews, both checks. */
    static long tokensPerRun() {
        long sum = 0;
        for (Map.Entry<String, int[]> e : TOKENS.entrySet()) {
            int calls = e.getKey().equals("policy-check") || e.getKey().equals("tone-check") ? 1 : 2;
            sum += (long) calls * (e.getValue()[0] + e.getValue()[1]);
        }
        return sum;
    }

    public interface Triage {
        @dev.langchain4j.service.UserMessage("Triage this ticket: {{ticket}}")
        @Agent(name = "triage", description = "classifies a support ticket", outputKey = "category")
        String triage(@V("ticket") String ticket);
    }

    public interface Drafter {
        @dev.langchain4j.service.UserMessage("Draft a reply to this {{category}} ticket: {{ticket}}")
        @Agent(name = "draft-reply", description = "drafts a reply", outputKey = "draft")
        String draft(@V("category") String category, @V("ticket") String ticket);
    }

    public interface Reviewer {
        @dev.langchain4j.service.UserMessage("Review this draft: {{draft}}")
        @Agent(name = "review-draft", description = "scores a draft from 0 to 1", outputKey = "score")
        double review(@V("draft") String draft);
    }

    public interface PolicyCheck {
        @dev.langchain4j.service.UserMessage(
                "Check this draft against the refund policy: {{draft}} (ticket: {{ticket}})")
        @Agent(name = "policy-check", description = "checks a draft against the refund policy", outputKey = "policy")
        String check(@V("draft") String draft, @V("ticket") String ticket);
    }

    public interface ToneCheck {
        @dev.langchain4j.service.UserMessage("Check the tone of this draft: {{draft}}")
        @Agent(name = "tone-check", description = "checks a draft's tone", outputKey = "tone")
        String check(@V("draft") String draft);
    }

    /** The CRM the triage agent looks customers up in. */
    public static final class CrmTools {
        private final int latencyMs;

        CrmTools(int latencyMs) {
            this.latencyMs = latencyMs;
        }

        @Tool("Looks up a customer's plan by customer id")
        public String lookupCustomer(@P("the customer id") String customerId) throws InterruptedException {
            Thread.sleep(latencyMs / 2);
            return "customer " + customerId + ": plan=business";
        }
    }

    /** Answers each agent's prompt from a script, with {@link #TOKENS} usage, through LangChain4j's listener path. */
    private final class Scripted implements ChatModel {
        private final List<ChatModelListener> listeners;

        Scripted(List<ChatModelListener> listeners) {
            this.listeners = listeners;
        }

        @Override
        public List<ChatModelListener> listeners() {
            return listeners;
        }

        @Override
        public ChatResponse doChat(ChatRequest request) {
            String prompt = prompt(request.messages());
            String agent;
            AiMessage answer;
            pause(latencyMs);
            if (prompt.startsWith("Triage")) {
                agent = "triage";
                boolean toolAnswered =
                        request.messages().stream().anyMatch(m -> m instanceof ToolExecutionResultMessage);
                answer = toolAnswered || request.toolSpecifications().isEmpty()
                        ? AiMessage.from("billing")
                        : AiMessage.from(List.of(ToolExecutionRequest.builder()
                                .id("call-1")
                                .name("lookupCustomer")
                                .arguments("{\"" + parameter(request) + "\":\"C-17\"}")
                                .build()));
            } else if (prompt.startsWith("Draft")) {
                agent = "draft-reply";
                int version = drafts.merge(prompt, 1, Integer::sum);
                answer = AiMessage.from("Draft v" + version + ": we refund the duplicate charge within 3 days.");
            } else if (prompt.startsWith("Review")) {
                agent = "review-draft";
                answer = AiMessage.from(prompt.contains("Draft v1") ? "0.4" : "0.9");
            } else if (prompt.startsWith("Check this draft against")) {
                agent = "policy-check";
                if (prompt.contains("lawyer")) {
                    throw new IllegalStateException("policy service refused the draft: legal review required");
                }
                answer = AiMessage.from("compliant");
            } else {
                agent = "tone-check";
                answer = AiMessage.from("friendly");
            }
            CountDownLatch held = gate;
            if (held != null && agent.equals(heldAgent)) {
                try {
                    held.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            int[] tokens = TOKENS.get(agent);
            return ChatResponse.builder()
                    .aiMessage(answer)
                    .modelName(MODEL)
                    .finishReason(answer.hasToolExecutionRequests() ? FinishReason.TOOL_EXECUTION : FinishReason.STOP)
                    .tokenUsage(new TokenUsage(tokens[0], tokens[1]))
                    .build();
        }

        private void pause(int ms) {
            try {
                Thread.sleep(ms);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private String parameter(ChatRequest request) {
            var parameters = request.toolSpecifications().get(0).parameters();
            return parameters == null || parameters.properties().isEmpty()
                    ? "arg0"
                    : parameters.properties().keySet().iterator().next();
        }

        private String prompt(List<ChatMessage> messages) {
            for (ChatMessage m : messages) {
                if (m instanceof UserMessage u) {
                    return u.singleText();
                }
            }
            return "";
        }
    }
}
