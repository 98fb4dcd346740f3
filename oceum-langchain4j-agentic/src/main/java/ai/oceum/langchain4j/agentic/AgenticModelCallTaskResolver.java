package ai.oceum.langchain4j.agentic;

import ai.oceum.TaskScope;
import ai.oceum.langchain4j.ModelCallTaskResolver;
import dev.langchain4j.agentic.scope.AgenticScope;
import dev.langchain4j.invocation.LangChain4jManaged;
import dev.langchain4j.model.chat.listener.ChatModelRequestContext;

/**
 * Ties a model call made inside an agentic workflow to the agent that makes it, for
 * {@link ai.oceum.langchain4j.OceumChatModelListener}. Found by {@link java.util.ServiceLoader}
 * (this module's {@code META-INF/services}); applications do not use it directly.
 *
 * <p>LangChain4j sets the run's {@link AgenticScope} as a thread-local while an agent runs, and
 * model calls of an agent run on the thread its invocation started on: the agent is the innermost
 * invocation open on this thread in that scope's run (a supervisor's planner calls, made between
 * its sub-agents, belong to the supervisor). A task the application opened inside the agent (one
 * made current with {@link OceumAgentic#currentAgentTask()}) is more precise and is kept.
 * Thread-safe and allocation-free apart from the core's {@code Optional}.
 */
public final class AgenticModelCallTaskResolver implements ModelCallTaskResolver {
    /** Deeper task nesting than this is not searched for the agent's task. */
    private static final int MAX_NESTING = 64;

    /**
     * Loads LangChain4j's agentic classes with this one: without {@code langchain4j-agentic} on the
     * class path the service loader fails to create the resolver and skips it (with one warning),
     * rather than every model call failing in it.
     */
    @SuppressWarnings("unused")
    private static final Class<?> SCOPE_TYPE = AgenticScope.class;

    /** For {@link java.util.ServiceLoader}. */
    public AgenticModelCallTaskResolver() {}

    @Override
    public TaskScope taskFor(ChatModelRequestContext context) {
        TaskScope agentTask = currentAgentTask();
        if (agentTask == null) {
            return null;
        }
        TaskScope current = TaskScope.current().orElse(null);
        return current != null && isWithin(current, agentTask) ? current : agentTask;
    }

    /** The task of the agent running on this thread in an agentic system, or null. */
    static TaskScope currentAgentTask() {
        AgentNode node = currentAgent();
        return node == null ? null : node.task;
    }

    /** The agent running on this thread in an agentic system (the innermost open one), or null. */
    static AgentNode currentAgent() {
        AgenticScope scope = LangChain4jManaged.current(AgenticScope.class);
        if (scope == null) {
            return null;
        }
        Object o = scope.executionContext(Run.SHARED_KEY);
        if (!(o instanceof Run run) || run.isEnded()) {
            return null;
        }
        run.touch();
        AgentNode node = run.innermostOn(Thread.currentThread());
        if (node == null) {
            node = run.root(); // a sub-agent the listener does not see (a non-AI one) running on a pool thread
        }
        return node == null || node.task.isClosed() ? null : node;
    }

    private static boolean isWithin(TaskScope task, TaskScope ancestor) {
        TaskScope t = task;
        for (int i = 0; i < MAX_NESTING && t != null; i++) {
            if (t == ancestor) {
                return true;
            }
            t = t.parent().orElse(null);
        }
        return false;
    }
}
