package ai.oceum.langchain4j.agentic;

import ai.oceum.Oceum;
import ai.oceum.TaskScope;
import ai.oceum.langchain4j.OceumLangChain4jOptions;
import dev.langchain4j.agentic.planner.AgenticService;
import dev.langchain4j.agentic.supervisor.SupervisorAgentService;
import java.util.Objects;
import java.util.Optional;

/**
 * One call to report a LangChain4j agentic system to Oceum: registers an
 * {@link OceumAgentListener} on the builder of the system's <b>root</b>.
 *
 * <pre>{@code
 * ChatModel model = OpenAiChatModel.builder()...
 *         .listeners(List.of(new OceumChatModelListener(oceum)))   // usage, tied to the calling agent
 *         .build();
 * UntypedAgent workflow = OceumAgentic.instrument(AgenticServices.sequenceBuilder(), oceum)
 *         .subAgents(triage, reviewLoop, checks)
 *         .outputKey("reply")
 *         .build();                                                 // each run = one task tree
 * }</pre>
 *
 * <p>Works for every workflow builder of {@code AgenticServices} ({@code sequenceBuilder},
 * {@code loopBuilder}, {@code parallelBuilder}, {@code parallelMapperBuilder},
 * {@code conditionalBuilder}, {@code plannerBuilder}, typed or untyped) and for
 * {@code supervisorBuilder}. Call it before {@code subAgents(..)}/{@code build()} or after: the
 * listener is passed on to the sub-agents when the system is built. For a declarative system,
 * return {@code new OceumAgentListener()} (which reports through {@link Oceum#global()}) from an
 * {@code @AgentListenerSupplier} method of the root interface.
 *
 * <p>Static and stateless; safe from any thread.
 */
public final class OceumAgentic {
    private OceumAgentic() {}

    /** Registers an {@link OceumAgentListener} reporting through {@code oceum}; returns the builder. */
    public static <T extends AgenticService<T, ?>> T instrument(T builder, Oceum oceum) {
        return instrument(builder, oceum, OceumLangChain4jOptions.defaults());
    }

    /** As {@link #instrument(AgenticService, Oceum)}, with options. */
    public static <T extends AgenticService<T, ?>> T instrument(
            T builder, Oceum oceum, OceumLangChain4jOptions options) {
        Objects.requireNonNull(builder, "builder");
        return builder.listener(new OceumAgentListener(oceum, options));
    }

    /** Registers an {@link OceumAgentListener} on a supervisor's builder; returns the builder. */
    public static <T> SupervisorAgentService<T> instrument(SupervisorAgentService<T> builder, Oceum oceum) {
        return instrument(builder, oceum, OceumLangChain4jOptions.defaults());
    }

    /** As {@link #instrument(SupervisorAgentService, Oceum)}, with options. */
    public static <T> SupervisorAgentService<T> instrument(
            SupervisorAgentService<T> builder, Oceum oceum, OceumLangChain4jOptions options) {
        Objects.requireNonNull(builder, "builder");
        return builder.listener(new OceumAgentListener(oceum, options));
    }

    /**
     * The task of the agent running on the calling thread, when called from inside an agent of an
     * instrumented system (a tool, a non-AI agent's method); empty elsewhere. Agent tasks are never
     * made current on a thread by the listener (a run ended by an {@link Error} or a suspension
     * would leave them there); make it current yourself to tie what you report to the agent:
     *
     * <pre>{@code
     * @Tool("looks up an order")
     * String lookup(String id) {
     *     try (var ignored = OceumAgentic.currentAgentTask().map(TaskScope::makeCurrent).orElse(null)) {
     *         return oceum.wrap("order-db", () -> orders.find(id));   // a child of the agent's task
     *     }
     * }
     * }</pre>
     */
    public static Optional<TaskScope> currentAgentTask() {
        try {
            return Optional.ofNullable(AgenticModelCallTaskResolver.currentAgentTask());
        } catch (Throwable t) {
            AgenticDiagnostics.callbackFailed("currentAgentTask", t);
            return Optional.empty();
        }
    }
}
