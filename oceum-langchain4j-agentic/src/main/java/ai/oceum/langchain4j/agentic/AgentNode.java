package ai.oceum.langchain4j.agentic;

import ai.oceum.TaskScope;
import java.util.HashMap;
import java.util.Map;

/**
 * One agent invocation of a run and its Oceum task: opened by {@code beforeAgentInvocation},
 * ended once — completed, failed, suspended or abandoned — by whichever comes first of its
 * callback, an ancestor's end, the run's suspension or its expiry.
 *
 * <p>Its own usage is what its task collected minus what its children's tasks collected (the
 * core sums each model call into the task and all its ancestors), so the model listener needs to
 * know nothing but the task. For a workflow it also remembers, per sub-agent, whether the last
 * invocation failed (the next one is a retry) and, for a loop, the iteration each sub-agent was
 * last seen in. Thread-safe: branches of a parallel workflow end on their own threads.
 */
final class AgentNode {
    /** Sub-agents tracked for retries and loop iterations; past it (a mapper over many items) none. */
    private static final int MAX_TRACKED_CHILDREN = 64;

    final Run run;
    final AgentNode parent;
    final TaskScope task;
    final String agentId;
    final AgentKind kind;
    /** The thread its before callback ran on (its after and its model calls run there too). */
    final Thread thread;

    final int depth;
    final long startNanos;
    final int attempt;

    /** The next-older open invocation with the same agent id, and on the same thread (see {@link Run}). */
    volatile AgentNode sameIdBelow;

    volatile AgentNode threadBelow;

    private volatile boolean ended;
    private volatile ToolSummary tools;
    private volatile boolean failed;
    // Guarded by this (plain fields: one allocation per invocation fewer than atomics, no contention to speak of).
    /** Usage of the children's subtrees, which is not this node's own. */
    private long childTokensInput;

    private long childTokensOutput;
    private long childCalls;
    /** Per sub-agent id, its last attempt and loop iteration. */
    private Map<String, ChildSlot> children;

    private int iteration = -1;

    AgentNode(Run run, AgentNode parent, TaskScope task, String agentId, AgentKind kind, int attempt, long startNanos) {
        this.run = run;
        this.parent = parent;
        this.task = task;
        this.agentId = agentId;
        this.kind = kind;
        this.thread = Thread.currentThread();
        this.depth = parent == null ? 0 : parent.depth + 1;
        this.startNanos = startNanos;
        this.attempt = attempt;
    }

    boolean isEnded() {
        return ended;
    }

    /** Marks the node ended; true only for the first call. */
    private synchronized boolean markEnded() {
        if (ended) {
            return false;
        }
        ended = true;
        return true;
    }

    boolean isFailed() {
        return failed;
    }

    /** Whether this node is {@code ancestor} or lies below it. */
    boolean isWithin(AgentNode ancestor) {
        for (AgentNode n = this; n != null; n = n.parent) {
            if (n == ancestor) {
                return true;
            }
        }
        return false;
    }

    /**
     * Where a sub-agent with {@code childId} that is about to start stands: a retry (its last
     * invocation under this node failed, and the error handler called it again) gets the next
     * attempt number; in a loop, the iteration index, which moves on when a sub-agent seen in the
     * current iteration starts again.
     */
    synchronized Placement placeChild(String childId) {
        if (children == null) {
            children = new HashMap<>(4);
        }
        ChildSlot slot = children.get(childId);
        if (slot == null && children.size() < MAX_TRACKED_CHILDREN) {
            slot = new ChildSlot();
            children.put(childId, slot);
        }
        if (slot == null) {
            return kind == AgentKind.LOOP ? new Placement(Math.max(iteration, 0), 1) : Placement.PLAIN;
        }
        boolean retry = slot.lastFailed;
        slot.lastFailed = false;
        slot.attempt = retry ? slot.attempt + 1 : 1;
        if (kind != AgentKind.LOOP) {
            return slot.attempt == 1 ? Placement.PLAIN : new Placement(-1, slot.attempt);
        }
        if (!retry && (iteration < 0 || slot.seenInIteration == iteration)) {
            iteration++;
        }
        slot.seenInIteration = iteration;
        return new Placement(iteration, slot.attempt);
    }

    /** A sub-agent's task ended: its usage (its whole subtree) is not this node's own. */
    synchronized void childEnded(AgentNode child, boolean childFailed) {
        childTokensInput += child.task.tokensInput();
        childTokensOutput += child.task.tokensOutput();
        childCalls += child.task.usageCalls();
        if (childFailed) {
            ChildSlot slot = children == null ? null : children.get(child.agentId);
            if (slot != null) {
                slot.lastFailed = true;
            }
        }
    }

    /** Records a finished tool call of this agent (from any thread). */
    void toolCalled(
            String name,
            boolean toolFailed,
            Long durationMs,
            long finishNanos,
            String arguments,
            String result,
            int maxListed) {
        ToolSummary t = tools;
        if (t == null) {
            synchronized (this) {
                t = tools;
                if (t == null) {
                    t = new ToolSummary(maxListed);
                    tools = t;
                }
            }
        }
        Long startOffsetMs =
                durationMs == null ? null : Math.max(0, (finishNanos - startNanos) / 1_000_000 - durationMs);
        t.add(name, toolFailed, durationMs, startOffsetMs, arguments, result);
    }

    /**
     * Ends the task once: writes its own usage, tool summary, loop iterations, {@code status} and
     * {@code extra} into the completion, marks it failed with {@code failure} if given, closes it
     * (the core sends {@code task_complete}, or {@code error} with {@code taskStatus: "failed"}),
     * and hands its usage to the parent.
     *
     * @return false when it had already ended
     */
    boolean end(Status status, Throwable failure, Map<String, Object> extra) {
        if (!markEnded()) {
            return false;
        }
        failed = failure != null;
        TaskScope t = task;
        t.setAttribute("status", status.wire);
        synchronized (this) {
            t.setAttribute("modelCalls", Math.max(0, t.usageCalls() - childCalls));
            t.setAttribute("tokensInput", Math.max(0, t.tokensInput() - childTokensInput));
            t.setAttribute("tokensOutput", Math.max(0, t.tokensOutput() - childTokensOutput));
        }
        ToolSummary ts = tools;
        if (ts != null) {
            t.setAttribute("toolCalls", ts.calls());
            t.setAttribute("toolFailures", ts.failures());
            t.setAttribute("tools", ts.listed());
            if (ts.omitted() > 0) {
                t.setAttribute("toolCallsOmitted", ts.omitted());
            }
        }
        if (kind == AgentKind.LOOP) {
            synchronized (this) {
                t.setAttribute("iterations", iteration + 1);
            }
        }
        if (extra != null) {
            extra.forEach(t::setAttribute);
        }
        if (failure != null) {
            t.fail(failure);
        }
        t.close();
        AgentNode above = parent != null ? parent : run.callerAgent;
        if (above != null) {
            above.childEnded(this, failure != null);
        }
        return true;
    }

    @Override
    public String toString() {
        return "AgentNode{" + agentId + ", task=" + task.id() + (ended ? ", ended" : "") + '}';
    }

    /** How an invocation ended, as sent in {@code meta.status}. */
    enum Status {
        COMPLETED("completed"),
        FAILED("failed"),
        SUSPENDED("suspended"),
        ABANDONED("abandoned");

        final String wire;

        Status(String wire) {
            this.wire = wire;
        }
    }

    /** A sub-agent's loop iteration (-1 outside loops) and attempt (1 unless retried). */
    record Placement(int iteration, int attempt) {
        static final Placement PLAIN = new Placement(-1, 1);
    }

    private static final class ChildSlot {
        int attempt;
        boolean lastFailed;
        int seenInIteration = -1;
    }
}
