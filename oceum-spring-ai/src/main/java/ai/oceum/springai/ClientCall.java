package ai.oceum.springai;

import ai.oceum.TaskScope;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One {@code ChatClient} call in progress: its task, what its model and tool calls added up to,
 * and — for a blocking call — the activation that keeps its task current on the calling thread
 * while it runs (advisors and tools there report into it). Kept in the call's own observation
 * context, and found from the model and tool observations through their parent chain.
 *
 * <p><b>When it ends.</b> In a stream, Spring AI may stop the {@code ChatClient} observation
 * <em>before</em> the model observation inside it (each is stopped by a {@code doFinally}, which
 * runs after the completion has travelled downstream). So the call holds one "hold" for its own
 * observation plus one per model call in progress, and it ends — its task completes — when the
 * last hold is released, whichever comes last. Thread-safe: a stream's model and tool calls end
 * on other threads.
 */
final class ClientCall {
    final TaskScope task;
    final boolean stream;
    final UsageChain usageChain = new UsageChain();
    private final OceumSpringAiOptions options;
    /** Created by the first tool call: most calls use none. */
    private volatile ToolCallLog tools;

    private int modelCalls;
    private int modelCallsWithoutUsage;
    private long tokensInput;
    private long tokensOutput;
    private final AtomicBoolean finished = new AtomicBoolean();
    /** 1 for the call's own observation until it stops, plus 1 per model call in progress. */
    private final AtomicInteger holds = new AtomicInteger(1);
    /** Set when the call's own observation stopped: how it ended, applied when the last hold goes. */
    private volatile Runnable onEnd;

    private volatile long lastActivityNanos;
    /** The provider and requested model of the latest model call, for a failure of the whole call. */
    private volatile String provider;

    private volatile String model;
    private volatile TaskScope.Activation activation;

    ClientCall(TaskScope task, boolean stream, OceumSpringAiOptions options, long nowNanos) {
        this.task = task;
        this.stream = stream;
        this.options = options;
        this.lastActivityNanos = nowNanos;
    }

    /** Makes the task current on this (the calling) thread until {@link #finish} runs here. */
    void activate() {
        activation = task.makeCurrent();
    }

    void touch(long nowNanos) {
        lastActivityNanos = nowNanos;
    }

    long lastActivityNanos() {
        return lastActivityNanos;
    }

    boolean isFinished() {
        return finished.get();
    }

    /** A model call of this call started; false when the call had already ended (then it is not waited for). */
    boolean modelCallStarted() {
        while (true) {
            int h = holds.get();
            if (h <= 0) {
                return false;
            }
            if (holds.compareAndSet(h, h + 1)) {
                return true;
            }
        }
    }

    /** A model call that {@link #modelCallStarted()} counted has stopped; ends the call if it was the last hold. */
    void modelCallStopped() {
        release();
    }

    /**
     * The call's own observation stopped; {@code end} (which finishes the call) runs now, or when the
     * last model call in progress stops.
     */
    void observationStopped(Runnable end) {
        onEnd = end;
        release();
    }

    /** Whether the call's own observation has stopped (it may still wait for a model call). */
    boolean observationHasStopped() {
        return onEnd != null;
    }

    private void release() {
        if (holds.decrementAndGet() == 0) {
            Runnable end = onEnd;
            if (end != null) {
                end.run();
            }
        }
    }

    /** Remembers which provider and model the call's latest model call went to. */
    void modelCallTarget(String provider, String model) {
        this.provider = provider;
        this.model = model;
    }

    /** Counts one answered model call and its own tokens. */
    synchronized void modelAnswered(long in, long out, boolean reported) {
        modelCalls++;
        if (!reported) {
            modelCallsWithoutUsage++;
        }
        tokensInput += in;
        tokensOutput += out;
    }

    synchronized int modelCalls() {
        return modelCalls;
    }

    /** This call's tool log, created at its first tool call. */
    ToolCallLog tools() {
        ToolCallLog log = tools;
        if (log == null) {
            synchronized (this) {
                log = tools;
                if (log == null) {
                    log = new ToolCallLog(options);
                    tools = log;
                }
            }
        }
        return log;
    }

    /**
     * Ends the call once: writes the summary into the task, marks it failed when {@code failure}
     * is given, takes it off the calling thread (when finishing there) and closes it. Later calls
     * do nothing.
     *
     * @return false when it had already finished
     */
    boolean finish(Throwable failure) {
        if (!finished.compareAndSet(false, true)) {
            return false;
        }
        synchronized (this) {
            task.setAttribute("modelCalls", modelCalls);
            if (modelCallsWithoutUsage > 0) {
                task.setAttribute("modelCallsWithoutUsage", modelCallsWithoutUsage);
            }
            task.setAttribute("tokensInput", tokensInput);
            task.setAttribute("tokensOutput", tokensOutput);
        }
        ToolCallLog log = tools;
        task.setAttribute("toolCalls", log == null ? 0 : log.calls());
        task.setAttribute("toolFailures", log == null ? 0 : log.failures());
        task.setAttribute("tools", log == null ? List.of() : log.summary());
        if (log != null && log.omitted() > 0) {
            task.setAttribute("toolCallsOmitted", log.omitted());
        }
        if (failure != null) {
            if (provider != null) {
                task.setAttribute("provider", provider);
            }
            if (model != null) {
                task.setAttribute("model", model);
            }
            Map<String, Object> cause = new LinkedHashMap<>(4);
            Failures.describe(failure, cause);
            cause.forEach(task::setAttribute);
            task.fail(failure);
        }
        TaskScope.Activation a = activation;
        activation = null;
        if (a != null) {
            a.close(); // does nothing off the thread that made it; the core then skips the closed task there
        }
        task.close();
        return true;
    }
}
