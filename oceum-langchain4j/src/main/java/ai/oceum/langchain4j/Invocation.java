package ai.oceum.langchain4j;

import ai.oceum.TaskScope;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.TokenUsage;
import java.util.IdentityHashMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One AI-service invocation in progress: its task, its counters, and — for a non-streaming call
 * — the activation that keeps the task current on the calling thread while it runs (tools,
 * retrieval, guardrails), though not during its model calls.
 */
final class Invocation {
    /** At most this many overlapping tool calls are timed here per invocation (see {@link #enterTool}). */
    private static final int MAX_OVERLAPPING = 256;

    final UUID id;
    final TaskScope task;
    final ToolCallLog tools;
    private final AtomicInteger modelCalls = new AtomicInteger();
    private final AtomicInteger modelCallsWithoutUsage = new AtomicInteger();
    private final AtomicLong tokensInput = new AtomicLong();
    private final AtomicLong tokensOutput = new AtomicLong();
    private final AtomicBoolean finished = new AtomicBoolean();
    private volatile long lastActivityNanos;
    private volatile TaskScope.Activation activation;
    private volatile Thread activationThread;
    /**
     * The tool calls running now, from the before-tool hook to the after-tool hook: when each
     * started (its duration is timed here with the clock rather than from LangChain4j's
     * {@code LocalDateTime}s) and the activation made for one running off the invocation's thread.
     * One at a time is the common case and takes a slot; calls that overlap it (concurrent tools)
     * go to a map by request (identity), made only then. Guarded by {@code this}.
     */
    private Object soloRequest;

    private ToolRun solo;

    private IdentityHashMap<Object, ToolRun> overlapping; // by the request object itself: identity is the point

    /** A tool call from the before-tool hook on: when it started, and its activation (or null). */
    record ToolRun(long startNanos, TaskScope.Activation activation) {}

    Invocation(UUID id, TaskScope task, OceumLangChain4jOptions options, long nowNanos) {
        this.id = id;
        this.task = task;
        this.tools = new ToolCallLog(options);
        this.lastActivityNanos = nowNanos;
    }

    /**
     * Makes the task current on this (the calling) thread until {@link #finish} runs here, except
     * during model calls (see {@link #modelCallStarts()}).
     */
    void activate() {
        activationThread = Thread.currentThread();
        activation = task.makeCurrent();
    }

    /**
     * Takes the task off the calling thread while the model is called. A model that fails with a
     * {@link Error} ends the invocation without any further event; with the task already off the
     * thread, nothing is left behind. The model call itself is tied to the task through
     * {@link ModelCallHandoff}.
     */
    void modelCallStarts() {
        TaskScope.Activation a = activation;
        if (a != null && activationThread == Thread.currentThread()) {
            activation = null;
            a.close();
        }
    }

    /** Puts the task back on the calling thread once the model answered (tools run next). */
    void modelCallEnded() {
        if (activation == null && activationThread == Thread.currentThread() && !finished.get()) {
            activation = task.makeCurrent();
        }
    }

    /**
     * Notes that the tool call {@code request} starts now, and makes the task current on this
     * thread while it runs, unless it already is (a non-streaming invocation's own thread).
     */
    void enterTool(Object request, long nowNanos) {
        if (request == null) {
            return;
        }
        TaskScope.Activation a = finished.get() || TaskScope.current().orElse(null) == task ? null : task.makeCurrent();
        ToolRun run = new ToolRun(nowNanos, a);
        synchronized (this) {
            if (soloRequest == null) {
                soloRequest = request;
                solo = run;
            } else {
                if (overlapping == null) {
                    overlapping = new IdentityHashMap<>(4);
                }
                // Bounded even when our after-tool hook was replaced and nothing is ever taken out:
                // past the bound a call is timed by LangChain4j instead (an activation is always kept).
                if (a != null || overlapping.size() < MAX_OVERLAPPING) {
                    overlapping.put(request, run);
                }
            }
        }
    }

    /**
     * Restores this thread after the tool call {@code request} (on the thread that ran it);
     * returns when it started, or null when the before-tool hook did not see it.
     */
    @SuppressWarnings("ReferenceEquality") // the very request object the hooks were given
    ToolRun exitTool(Object request) {
        ToolRun run;
        synchronized (this) {
            if (request != null && soloRequest == request) {
                run = solo;
                soloRequest = null;
                solo = null;
            } else {
                run = overlapping == null ? null : overlapping.remove(request);
            }
        }
        if (run != null && run.activation() != null) {
            run.activation().close();
        }
        return run;
    }

    void touch(long nowNanos) {
        lastActivityNanos = nowNanos;
    }

    long lastActivityNanos() {
        return lastActivityNanos;
    }

    /** Counts one answered model call and its tokens. */
    void modelAnswered(ChatResponse response) {
        modelCalls.incrementAndGet();
        TokenUsage usage = response == null ? null : response.tokenUsage();
        Integer in = usage == null ? null : usage.inputTokenCount();
        Integer out = usage == null ? null : usage.outputTokenCount();
        if (in == null && out == null) {
            modelCallsWithoutUsage.incrementAndGet();
        }
        tokensInput.addAndGet(in == null ? 0 : in);
        tokensOutput.addAndGet(out == null ? 0 : out);
    }

    /**
     * Ends the invocation once: writes the summary into the task, marks it failed when
     * {@code failure} is given, takes it off the calling thread (when finishing there) and closes
     * it. Later calls do nothing.
     *
     * @return false when it had already finished
     */
    boolean finish(Throwable failure) {
        if (!finished.compareAndSet(false, true)) {
            return false;
        }
        task.setAttribute("modelCalls", modelCalls.get());
        if (modelCallsWithoutUsage.get() > 0) {
            task.setAttribute("modelCallsWithoutUsage", modelCallsWithoutUsage.get());
        }
        task.setAttribute("tokensInput", tokensInput.get());
        task.setAttribute("tokensOutput", tokensOutput.get());
        task.setAttribute("toolCalls", tools.calls());
        task.setAttribute("toolFailures", tools.failures());
        task.setAttribute("tools", tools.summary());
        if (tools.omitted() > 0) {
            task.setAttribute("toolCallsOmitted", tools.omitted());
        }
        if (failure != null) {
            task.fail(failure);
        }
        TaskScope.Activation a = activation;
        if (a != null && activationThread == Thread.currentThread()) {
            a.close();
        }
        activation = null;
        activationThread = null;
        synchronized (this) {
            // a tool ended by an Error: the closed task is skipped by the core
            soloRequest = null;
            solo = null;
            overlapping = null;
        }
        task.close();
        return true;
    }
}
