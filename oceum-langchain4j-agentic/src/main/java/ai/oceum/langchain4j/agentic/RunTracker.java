// About 400 lines on purpose: the life cycle of one run's task tree (open, end once, fail up the
// ancestors, suspend, abandon at the bound or on expiry) is one state machine under one lock;
// Run and AgentNode hold its data, StartMeta, ToolCalls and Failures what each event carries.
package ai.oceum.langchain4j.agentic;

import ai.oceum.Oceum;
import ai.oceum.TaskScope;
import ai.oceum.integration.IdleExpiry;
import ai.oceum.langchain4j.OceumLangChain4jOptions;
import ai.oceum.langchain4j.agentic.AgentNode.Placement;
import ai.oceum.langchain4j.agentic.AgentNode.Status;
import dev.langchain4j.agentic.observability.AfterAgentToolExecution;
import dev.langchain4j.agentic.observability.AgentInvocationError;
import dev.langchain4j.agentic.observability.AgentRequest;
import dev.langchain4j.agentic.observability.AgentResponse;
import dev.langchain4j.agentic.planner.AgentInstance;
import dev.langchain4j.agentic.scope.AgenticScope;
import dev.langchain4j.invocation.InvocationContext;
import dev.langchain4j.invocation.LangChain4jManaged;
import dev.langchain4j.service.tool.ToolExecution;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Turns the callbacks of one {@link OceumAgentListener} into task trees: opens a task per agent
 * invocation under its parent's, ends it once with its own usage and tools, reports a failure once
 * with its cause and ends every ancestor failed, ends a suspended run's open tasks as suspended,
 * and closes what LangChain4j never ends.
 *
 * <p>Bounded: at most {@link OceumLangChain4jOptions#maxOpenInvocations()} agent tasks open at
 * once (past it the least recently active run is abandoned), and a run without any event for
 * {@link OceumLangChain4jOptions#stateExpiry()} is abandoned when the next run starts (at most
 * every quarter of the expiry) or on {@link #expireIdle()}. No thread of its own.
 */
final class RunTracker {
    static final String SOURCE = "langchain4j.agentic";
    private static final AtomicInteger LISTENERS = new AtomicInteger();

    private final Supplier<Oceum> client;
    private final OceumLangChain4jOptions options;
    private final LongSupplier clock;
    private final IdleExpiry expiry;
    /** This listener's key in a scope's execution context: two listeners on one system stay apart. */
    private final String key = Run.SHARED_KEY + "#" + LISTENERS.incrementAndGet();

    private final Set<Run> runs = ConcurrentHashMap.newKeySet();
    private final AtomicInteger openTasks = new AtomicInteger();

    RunTracker(Supplier<Oceum> client, OceumLangChain4jOptions options, LongSupplier clock) {
        this.client = client;
        this.options = options;
        this.clock = clock;
        this.expiry = new IdleExpiry(options.stateExpiry(), clock.getAsLong());
    }

    // ------------------------------------------------------------------ agent invocations

    void before(AgentRequest request) {
        AgenticScope scope = request.agenticScope();
        AgentInstance agent = request.agent();
        if (scope == null || agent == null) {
            AgenticDiagnostics.warn(
                    "no scope",
                    "LangChain4j reported an agent invocation without its scope or agent; "
                            + "it is not reported to Oceum.");
            return;
        }
        long now = clock.getAsLong();
        Run run = openRun(scope);
        AgentInstance parentAgent = agent.parent();
        if (run != null && parentAgent == null) {
            abandon(
                    run,
                    "was still open when a new root call on the same memory id began (its run ended with a "
                            + "java.lang.Error, or two calls shared one @MemoryId at once)");
            run = null;
        }
        if (run == null) {
            if (parentAgent != null && trackedByAnother(scope)) {
                return; // a sub-workflow instrumented as well as its root: the root's listener reports it
            }
            startRun(request, scope, agent, now);
            return;
        }
        run.touch();
        Thread thread = Thread.currentThread();
        AgentNode parent = run.open(parentAgent.agentId(), thread);
        if (parent == null) {
            // The parent gave no event (a non-AI agent: LangChain4j does not pass the listener to those).
            parent = run.innermostOn(thread);
        }
        if (parent == null) {
            parent = run.root();
        }
        if (parent == null || parent.isEnded()) {
            startRun(request, scope, agent, now);
            return;
        }
        openNode(run, parent, null, request, agent, parent.placeChild(agent.agentId()), now, null);
    }

    private void startRun(AgentRequest request, AgenticScope scope, AgentInstance agent, long now) {
        if (expiry.sweepDue(now)) {
            expireIdle();
        }
        makeRoom();
        Object previous = scope.executionContext(key);
        String resumeOf = previous instanceof Run.Ended ended && ended.suspended() ? ended.rootTaskId() : null;
        // Called from inside an agent of another run (its tool), or inside a task of the application.
        AgentNode callerAgent = AgenticModelCallTaskResolver.currentAgent();
        TaskScope callerTask =
                callerAgent != null ? callerAgent.task : TaskScope.current().orElse(null);
        Run run = new Run(this, client.get(), scope, clock, callerAgent);
        openNode(run, null, callerTask, request, agent, Placement.PLAIN, now, resumeOf);
        scope.writeExecutionContext(key, run);
        if (!(scope.executionContext(Run.SHARED_KEY) instanceof Run shared) || shared.isEnded()) {
            scope.writeExecutionContext(Run.SHARED_KEY, run);
        }
        runs.add(run);
    }

    private void openNode(
            Run run,
            AgentNode parent,
            TaskScope callerTask,
            AgentRequest request,
            AgentInstance agent,
            Placement placement,
            long now,
            String resumeOf) {
        AgentKind kind = AgentKind.of(agent);
        String agentId = agent.agentId();
        Map<String, Object> meta = StartMeta.of(run, parent, request, agent, kind, placement, resumeOf, options);
        TaskScope task =
                run.client.startDetachedTask(request.agentName(), meta, parent == null ? callerTask : parent.task);
        AgentNode node = new AgentNode(run, parent, task, agentId, kind, placement.attempt(), now);
        run.add(node);
        openTasks.incrementAndGet();
    }

    void after(AgentResponse response) {
        AgentNode node = findOpen(response.agenticScope(), response.agentId(), true);
        if (node == null) {
            return;
        }
        Map<String, Object> extra = null;
        if (options.includeContent()) {
            extra = Map.of("output", Content.text(response.output(), options.maxContentLength()));
        }
        finish(node, Status.COMPLETED, null, extra);
    }

    void error(AgentInvocationError error) {
        AgentNode node = findOpen(error.agenticScope(), error.agentId(), true);
        if (node == null) {
            return;
        }
        Throwable cause = Failures.cause(error.error());
        Run run = node.run;
        Run.Origin origin = run.originOf(cause);
        // Sub-agents still open were ended by an Error LangChain4j does not report: the deepest is where it began.
        for (AgentNode leftover : run.openWithin(node)) {
            if (leftover != node) {
                origin = fail(leftover, cause, origin);
            }
        }
        fail(node, cause, origin);
        if (node.parent == null) {
            endRun(run, false);
            run.restoreCallerScope();
        }
    }

    /** Ends {@code node} failed: with the cause if the failure begins here, else pointing at its origin. */
    private Run.Origin fail(AgentNode node, Throwable cause, Run.Origin origin) {
        Map<String, Object> extra = new LinkedHashMap<>(4);
        if (origin == null) {
            Run.Origin here = node.run.recordOrigin(cause, node);
            extra.put("failureOrigin", true);
            end(node, Status.FAILED, cause, extra);
            return here;
        }
        extra.put("failureOrigin", false);
        extra.put("failedTaskId", origin.taskId());
        end(
                node,
                Status.FAILED,
                new SubagentFailedException(
                        "Sub-agent '" + origin.agentName() + "' failed: " + Failures.describe(cause)),
                extra);
        return origin;
    }

    private void finish(AgentNode node, Status status, Throwable failure, Map<String, Object> extra) {
        Run run = node.run;
        // More open than this node and its ancestors: something below it may have been left open.
        if (node.kind.isWorkflow() && run.openCount() > node.depth + 1) {
            for (AgentNode leftover : run.openWithin(node)) {
                if (leftover != node) {
                    end(
                            leftover,
                            Status.ABANDONED,
                            abandoned(
                                    leftover,
                                    "ended without a callback before its "
                                            + "parent completed (LangChain4j reports no end for an agent ended by a java.lang.Error)"),
                            null);
                }
            }
        }
        end(node, status, failure, extra);
        if (node.parent == null) {
            endRun(run, status == Status.SUSPENDED);
            run.restoreCallerScope();
        }
    }

    private void end(AgentNode node, Status status, Throwable failure, Map<String, Object> extra) {
        if (node.end(status, failure, extra)) {
            node.run.remove(node);
            openTasks.decrementAndGet();
        }
    }

    private static AbandonedAgentTaskException abandoned(AgentNode node, String why) {
        return new AbandonedAgentTaskException("Agent '" + node.task.name() + "' (" + node.agentId + ") " + why);
    }

    // ------------------------------------------------------------------ scope life cycle

    /**
     * The system waits for a human ({@code SuspendedResponse}). LangChain4j calls this once per
     * workflow level, innermost first, each on the thread that ran that level, and sends no after
     * or error for any of them: end the innermost open invocation on this thread (and anything
     * left below it) as suspended; the root's call ends the run.
     */
    void suspended(AgenticScope scope) {
        Run run = scope == null ? null : openRun(scope);
        if (run == null) {
            return;
        }
        AgentNode node = run.innermostOn(Thread.currentThread());
        if (node == null) {
            node = run.root();
        }
        if (node == null) {
            return;
        }
        run.touch();
        for (AgentNode leftover : run.openWithin(node)) {
            if (leftover != node) {
                end(leftover, Status.SUSPENDED, null, null);
            }
        }
        Map<String, Object> extra = Map.of("pendingResponses", pendingResponses(scope));
        end(node, Status.SUSPENDED, null, extra);
        if (node.parent == null) {
            endRun(run, true);
            run.restoreCallerScope();
        }
    }

    private static List<String> pendingResponses(AgenticScope scope) {
        try {
            return new ArrayList<>(scope.pendingResponseIds());
        } catch (RuntimeException e) {
            return List.of(); // only a detail of the report: the tasks must end suspended regardless
        }
    }

    /** The scope is going away: anything of its run still open will never end (a safety net). */
    void scopeDestroyed(AgenticScope scope) {
        Run run = scope == null ? null : openRun(scope);
        if (run != null) {
            abandon(run, "was still open when its scope was destroyed");
        }
    }

    // ------------------------------------------------------------------ tools

    void beforeTool(AgenticScope scope) {
        Run run = scope == null ? null : openRun(scope);
        if (run != null) {
            run.touch();
        }
    }

    void afterTool(AfterAgentToolExecution after) {
        ToolExecution execution = after.toolExecution();
        AgentInstance agent = after.agentInstance();
        if (execution == null || agent == null) {
            return;
        }
        // Concurrent tools run on pool threads: the agent is found by its id, not the thread.
        AgentNode node = findOpen(scopeOf(execution.invocationContext()), agent.agentId(), false);
        if (node == null) {
            return;
        }
        ToolCalls.record(node, execution, options);
    }

    static AgenticScope scopeOf(InvocationContext context) {
        if (context == null || context.managedParameters() == null) {
            return null;
        }
        Object scope = context.managedParameters().get(AgenticScope.class);
        return scope instanceof AgenticScope s ? s : LangChain4jManaged.current(AgenticScope.class);
    }

    // ------------------------------------------------------------------ state

    /** This listener's open run of {@code scope}, or null. */
    private Run openRun(AgenticScope scope) {
        Object o = scope.executionContext(key);
        return o instanceof Run run && !run.isEnded() ? run : null;
    }

    /**
     * The open invocation of {@code agentId} (on this thread if several) in this listener's run of
     * the scope; when there is none and {@code ending}, says once a minute that an end came for an
     * invocation no longer tracked.
     */
    private AgentNode findOpen(AgenticScope scope, String agentId, boolean ending) {
        Run run = scope == null ? null : openRun(scope);
        AgentNode node = run == null || agentId == null ? null : run.open(agentId, Thread.currentThread());
        if (node == null) {
            if (!ending || (run == null && scope != null && trackedByAnother(scope))) {
                return null;
            }
            AgenticDiagnostics.warn(
                    "untracked",
                    "An agent invocation ended that Oceum was not tracking: its run had "
                            + "expired (no event for stateExpiry " + options.stateExpiry()
                            + "), been evicted (maxOpenInvocations "
                            + options.maxOpenInvocations() + ") or suspended; it was reported as abandoned.");
            return null;
        }
        run.touch();
        return node;
    }

    /** Whether another listener (registered on an enclosing workflow) reports the open run of this scope. */
    private boolean trackedByAnother(AgenticScope scope) {
        return scope.executionContext(Run.SHARED_KEY) instanceof Run shared
                && !shared.isEnded()
                && shared.owner != this;
    }

    private void endRun(Run run, boolean suspended) {
        if (!run.markEnded()) {
            return;
        }
        runs.remove(run);
        if (run.openCount() > 0) {
            for (AgentNode leftover : run.openWithin(null)) {
                end(leftover, Status.ABANDONED, abandoned(leftover, "was still open when its run ended"), null);
            }
        }
        AgentNode root = run.root();
        Run.Ended ended = new Run.Ended(root == null ? null : root.task.id(), suspended);
        AgenticScope scope = run.scope;
        if (scope.executionContext(key) == run) {
            scope.writeExecutionContext(key, ended);
        }
        if (scope.executionContext(Run.SHARED_KEY) == run) {
            scope.writeExecutionContext(Run.SHARED_KEY, ended);
        }
    }

    /** Ends every open task of {@code run} as abandoned, saying why, and forgets the run. */
    private void abandon(Run run, String why) {
        for (AgentNode node : run.openWithin(null)) {
            end(node, Status.ABANDONED, abandoned(node, why), null);
        }
        endRun(run, false);
    }

    /** Abandons every run idle for longer than the expiry; returns how many. */
    int expireIdle() {
        long now = clock.getAsLong();
        expiry.swept(now);
        int expired = 0;
        for (Run run : runs) {
            if (expiry.isIdle(run.lastActivityNanos(), now) && !run.isEnded()) {
                abandon(
                        run,
                        "showed no event for " + options.stateExpiry() + " (an agent ended by a java.lang.Error "
                                + "gets no callback)");
                expired++;
            }
        }
        return expired;
    }

    /** Keeps the open tasks under the bound by abandoning the least recently active run. */
    private void makeRoom() {
        while (openTasks.get() >= options.maxOpenInvocations()) {
            Run oldest = IdleExpiry.leastRecentlyActive(runs, Run::lastActivityNanos);
            if (oldest == null) {
                return;
            }
            AgenticDiagnostics.warn(
                    "evicted",
                    "Oceum's agentic listener tracks at most " + options.maxOpenInvocations()
                            + " agent invocations in progress; abandoned the least recently active run. Raise "
                            + "maxOpenInvocations if this many run at once.");
            abandon(
                    oldest,
                    "was evicted: more than " + options.maxOpenInvocations() + " agent invocations in progress");
        }
    }

    int openRuns() {
        return runs.size();
    }

    int openTasks() {
        return openTasks.get();
    }
}
