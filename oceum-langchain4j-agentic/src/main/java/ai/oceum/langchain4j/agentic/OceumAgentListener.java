package ai.oceum.langchain4j.agentic;

import ai.oceum.Oceum;
import ai.oceum.langchain4j.OceumChatModelListener;
import ai.oceum.langchain4j.OceumLangChain4jOptions;
import dev.langchain4j.agentic.observability.AfterAgentToolExecution;
import dev.langchain4j.agentic.observability.AgentInvocationError;
import dev.langchain4j.agentic.observability.AgentListener;
import dev.langchain4j.agentic.observability.AgentRequest;
import dev.langchain4j.agentic.observability.AgentResponse;
import dev.langchain4j.agentic.observability.BeforeAgentToolExecution;
import dev.langchain4j.agentic.scope.AgenticScope;
import java.util.Objects;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Reports each run of a LangChain4j agentic system as a tree of Oceum tasks: one task per agent
 * invocation, under the task of the workflow that invoked it; the root call is the root task.
 *
 * <pre>{@code
 * UntypedAgent workflow = OceumAgentic.instrument(AgenticServices.sequenceBuilder(), oceum)
 *         .subAgents(triage, reviewLoop, checks)
 *         .build();
 * }</pre>
 *
 * <p>Register one instance <b>on the root</b> of the system, before {@code build()}
 * ({@link OceumAgentic#instrument} does it): it is inherited by every sub-agent
 * ({@link #inheritedBySubagents()} is true), and LangChain4j calls an instance only once per event
 * however often it was inherited. Put an {@link OceumChatModelListener} on every chat model (the
 * agents' and a supervisor's): its usage events then belong to the agent whose call it was, and
 * each task's completion carries its own tokens and those of its subtree.
 *
 * <p>What each task carries (name, agent id, kind, loop iteration, memory id, usage, tools,
 * status {@code completed}/{@code failed}/{@code suspended}/{@code abandoned}) is listed in
 * {@code docs/langchain4j-agentic.md}. Inputs and outputs are sent only with
 * {@link OceumLangChain4jOptions#includeContent()}.
 *
 * <p><b>Contract.</b> Never throws into LangChain4j from any callback (its own failures are logged
 * at WARN under {@code ai.oceum.langchain4j.agentic}, at most once a minute per kind; only a failing
 * JVM's {@link VirtualMachineError} passes), never blocks on the network, keeps nothing in
 * thread-locals, and keeps bounded, expiring state (see {@link OceumLangChain4jOptions#stateExpiry()}
 * and {@link OceumLangChain4jOptions#maxOpenInvocations()}). Thread-safe; one instance may serve
 * any number of agentic systems and concurrent runs.
 */
public final class OceumAgentListener implements AgentListener {
    private final RunTracker tracker;

    /** A listener reporting through the shared {@link Oceum#global()} client (for {@code @AgentListenerSupplier}). */
    public OceumAgentListener() {
        this(Oceum::global, OceumLangChain4jOptions.defaults(), System::nanoTime);
    }

    /** A listener reporting through {@code oceum}, with the default options. */
    public OceumAgentListener(Oceum oceum) {
        this(oceum, OceumLangChain4jOptions.defaults());
    }

    /**
     * A listener reporting through {@code oceum} with {@code options} (the same options object as
     * the LangChain4j listeners: content, expiry, bounds, tool summary and tool errors).
     */
    public OceumAgentListener(Oceum oceum, OceumLangChain4jOptions options) {
        this(constant(Objects.requireNonNull(oceum, "oceum")), options, System::nanoTime);
    }

    /** With a clock of its own, for the expiry tests. */
    OceumAgentListener(Supplier<Oceum> client, OceumLangChain4jOptions options, LongSupplier clock) {
        this.tracker = new RunTracker(client, Objects.requireNonNull(options, "options"), clock);
    }

    private static Supplier<Oceum> constant(Oceum oceum) {
        return () -> oceum;
    }

    /** True: registered on the root, this listener sees every agent of the system. */
    @Override
    public boolean inheritedBySubagents() {
        return true;
    }

    @Override
    public void beforeAgentInvocation(AgentRequest request) {
        try {
            tracker.before(request);
        } catch (Throwable t) {
            AgenticDiagnostics.callbackFailed("beforeAgentInvocation", t);
        }
    }

    @Override
    public void afterAgentInvocation(AgentResponse response) {
        try {
            tracker.after(response);
        } catch (Throwable t) {
            AgenticDiagnostics.callbackFailed("afterAgentInvocation", t);
        }
    }

    @Override
    public void onAgentInvocationError(AgentInvocationError error) {
        try {
            tracker.error(error);
        } catch (Throwable t) {
            AgenticDiagnostics.callbackFailed("onAgentInvocationError", t);
        }
    }

    @Override
    public void onAgenticSystemSuspended(AgenticScope scope) {
        try {
            tracker.suspended(scope);
        } catch (Throwable t) {
            AgenticDiagnostics.callbackFailed("onAgenticSystemSuspended", t);
        }
    }

    @Override
    public void beforeAgenticScopeDestroyed(AgenticScope scope) {
        try {
            tracker.scopeDestroyed(scope);
        } catch (Throwable t) {
            AgenticDiagnostics.callbackFailed("beforeAgenticScopeDestroyed", t);
        }
    }

    /** Not guarded by LangChain4j: an exception here would fail the agent, so none leaves. */
    @Override
    public void beforeAgentToolExecution(BeforeAgentToolExecution before) {
        try {
            tracker.beforeTool(
                    before.toolExecution() == null
                            ? null
                            : RunTracker.scopeOf(before.toolExecution().invocationContext()));
        } catch (Throwable t) {
            AgenticDiagnostics.callbackFailed("beforeAgentToolExecution", t);
        }
    }

    /** Not guarded by LangChain4j: an exception here would fail the agent, so none leaves. */
    @Override
    public void afterAgentToolExecution(AfterAgentToolExecution after) {
        try {
            tracker.afterTool(after);
        } catch (Throwable t) {
            AgenticDiagnostics.callbackFailed("afterAgentToolExecution", t);
        }
    }

    /** Runs in progress (root called, not yet ended, suspended, abandoned or expired). */
    public int openRuns() {
        return tracker.openRuns();
    }

    /** Agent invocations in progress across all runs. */
    public int openInvocations() {
        return tracker.openTasks();
    }

    /**
     * Ends now, as abandoned, every run that has shown no event for longer than the state expiry;
     * returns how many. This also happens on its own whenever a run starts.
     */
    public int expireIdleRuns() {
        return tracker.expireIdle();
    }

    @Override
    public String toString() {
        return "OceumAgentListener{openRuns=" + tracker.openRuns() + ", openInvocations=" + tracker.openTasks() + '}';
    }
}
