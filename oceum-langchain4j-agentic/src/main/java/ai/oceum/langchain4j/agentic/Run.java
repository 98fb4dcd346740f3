package ai.oceum.langchain4j.agentic;

import ai.oceum.Oceum;
import dev.langchain4j.agentic.scope.AgenticScope;
import dev.langchain4j.invocation.LangChain4jManaged;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * One root call of an agentic system and its open agent invocations.
 *
 * <p>A run is found from the {@link AgenticScope} every callback carries: it is kept in the
 * scope's execution context (one entry per listener, plus a shared one for the model-call
 * resolver), so the state lives exactly as long as the scope and needs no global registry. Open
 * invocations are indexed twice, each index a stack threaded through the nodes: by agent id (the
 * parent of an invocation is the open invocation of its parent's agent id — LangChain4j gives no
 * invocation ids) and by thread (the innermost open invocation on a thread is the one whose model
 * calls run there). Nothing is kept in a thread-local: a run ended by an {@link Error} or a
 * suspension leaves nothing on the threads it used.
 *
 * <p>Thread-safe: branches of parallel workflows report from pool threads.
 */
final class Run {
    /** The execution-context key the model-call resolver reads (the first listener's run). */
    static final String SHARED_KEY = "ai.oceum.langchain4j.agentic.run";
    /** Failure origins remembered per run, to tell a propagated failure from a new one. */
    private static final int MAX_ORIGINS = 8;

    final Oceum client;
    final AgenticScope scope;
    final String memoryId;
    private final LongSupplier clock;
    private final ConcurrentHashMap<String, AgentNode> byAgentId = new ConcurrentHashMap<>(8);
    private final ConcurrentHashMap<Thread, AgentNode> byThread = new ConcurrentHashMap<>(4);
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicBoolean ended = new AtomicBoolean();
    private final List<Origin> origins = new ArrayList<>(1);
    private volatile AgentNode root;
    private volatile long lastActivityNanos;
    /** LangChain4j's scope thread-local on the thread that called the root, when set (an outer agent's). */
    private final Map<Class<? extends LangChain4jManaged>, LangChain4jManaged> callerManaged;

    private final Thread callerThread;

    /** The agent of another run whose tool called this one (its task is the root's parent), or null. */
    final AgentNode callerAgent;

    /** The tracker (one per listener) this run belongs to. */
    final Object owner;

    Run(Object owner, Oceum client, AgenticScope scope, LongSupplier clock, AgentNode callerAgent) {
        this.owner = owner;
        this.client = client;
        this.callerAgent = callerAgent;
        this.scope = scope;
        // Only what an agent of another run set: a standalone agent sets its own scope before its
        // before callback and clears it before its after, and that must stay cleared.
        this.callerManaged = callerAgent != null ? LangChain4jManaged.current() : null;
        this.callerThread = Thread.currentThread();
        this.memoryId = String.valueOf(scope.memoryId());
        this.clock = clock;
        this.lastActivityNanos = clock.getAsLong();
    }

    AgentNode root() {
        return root;
    }

    boolean isEnded() {
        return ended.get();
    }

    /** Marks the run ended; true only for the first call. */
    boolean markEnded() {
        return ended.compareAndSet(false, true);
    }

    void touch() {
        lastActivityNanos = clock.getAsLong();
    }

    long lastActivityNanos() {
        return lastActivityNanos;
    }

    long now() {
        return clock.getAsLong();
    }

    /**
     * Puts back LangChain4j's scope thread-local of the agent that called this run from a tool:
     * LangChain4j clears it when a nested agent returns instead of restoring it, and the calling
     * agent's later model calls would then be tied to no agent. Only on the calling thread, only
     * when it was set when the run began and is now cleared — exactly what LangChain4j undid.
     */
    void restoreCallerScope() {
        if (callerManaged != null && Thread.currentThread() == callerThread && LangChain4jManaged.current() == null) {
            LangChain4jManaged.setCurrent(callerManaged);
        }
    }

    int openCount() {
        return open.get();
    }

    /** Indexes a node that just opened (and makes it the root when it is the first). */
    void add(AgentNode node) {
        if (node.parent == null) {
            root = node;
        }
        byAgentId.compute(node.agentId, (k, top) -> {
            node.sameIdBelow = top;
            return node;
        });
        byThread.compute(node.thread, (k, top) -> {
            node.threadBelow = top;
            return node;
        });
        open.incrementAndGet();
    }

    /** Removes an ended node from both indexes (from any thread). */
    void remove(AgentNode node) {
        byAgentId.computeIfPresent(node.agentId, (k, top) -> unlinkSameId(top, node));
        byThread.computeIfPresent(node.thread, (k, top) -> unlinkThread(top, node));
        open.decrementAndGet();
    }

    private static AgentNode unlinkSameId(AgentNode top, AgentNode node) {
        if (top == node) {
            return node.sameIdBelow;
        }
        for (AgentNode n = top; n != null; n = n.sameIdBelow) {
            if (n.sameIdBelow == node) {
                n.sameIdBelow = node.sameIdBelow;
                break;
            }
        }
        return top;
    }

    private static AgentNode unlinkThread(AgentNode top, AgentNode node) {
        if (top == node) {
            return node.threadBelow;
        }
        for (AgentNode n = top; n != null; n = n.threadBelow) {
            if (n.threadBelow == node) {
                n.threadBelow = node.threadBelow;
                break;
            }
        }
        return top;
    }

    /**
     * The open invocation of {@code agentId}: the one opened on {@code thread} if there are
     * several (the same agent instance running twice at once), else the newest; null if none.
     */
    AgentNode open(String agentId, Thread thread) {
        AgentNode top = byAgentId.get(agentId);
        if (top == null || top.sameIdBelow == null || top.thread == thread) {
            return top;
        }
        for (AgentNode n = top; n != null; n = n.sameIdBelow) {
            if (n.thread == thread) {
                return n;
            }
        }
        return top;
    }

    /** The innermost open invocation on {@code thread}, or null. */
    AgentNode innermostOn(Thread thread) {
        return byThread.get(thread);
    }

    /** Every open node at or below {@code ancestor} (null: all), deepest first. */
    List<AgentNode> openWithin(AgentNode ancestor) {
        List<AgentNode> out = new ArrayList<>();
        for (AgentNode top : byAgentId.values()) {
            for (AgentNode n = top; n != null; n = n.sameIdBelow) {
                if (!n.isEnded() && (ancestor == null || n.isWithin(ancestor))) {
                    out.add(n);
                }
            }
        }
        out.sort(Comparator.comparingInt((AgentNode n) -> n.depth).reversed());
        return out;
    }

    /** The node a failure with this cause was first reported at, or null. */
    synchronized Origin originOf(Throwable cause) {
        for (Origin o : origins) {
            if (o.cause == cause) {
                return o;
            }
        }
        return null;
    }

    /** Remembers where a failure was first reported (the oldest is forgotten past a few). */
    synchronized Origin recordOrigin(Throwable cause, AgentNode node) {
        Origin o = new Origin(cause, node.task.id(), node.task.name());
        if (origins.size() >= MAX_ORIGINS) {
            origins.remove(0);
        }
        origins.add(o);
        return o;
    }

    @Override
    public String toString() {
        return "Run{memoryId=" + memoryId + ", open=" + open.get() + (ended.get() ? ", ended" : "") + '}';
    }

    /** Where a failure began: that task sent the exception; its ancestors point at it. */
    record Origin(Throwable cause, String taskId, String agentName) {}

    /**
     * What stays in a scope's execution context once its run ended (the context cannot be
     * cleared): enough to link a resumed run to the suspended one, and nothing that holds memory.
     */
    record Ended(String rootTaskId, boolean suspended) {}
}
