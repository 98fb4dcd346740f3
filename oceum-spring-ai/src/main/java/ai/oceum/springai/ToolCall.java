package ai.oceum.springai;

import ai.oceum.TaskScope;

/**
 * One tool call in progress, kept in its {@code spring.ai.tool} observation's context: its
 * {@code ChatClient} call (or null), the task errors are tied to, when it started, the activation
 * that makes the call's task current on the tool's thread (or null), and — set by
 * {@link OceumToolExecutionExceptionProcessor} — the exception Spring AI turned into a result.
 *
 * <p>A tool runs inside its observation on one thread, so the call is also this thread's
 * {@link #current()} from start to stop: that is how the exception processor, which sees only the
 * exception, finds it. The previous one is restored at stop (a tool that calls an agent whose
 * tools run on the same thread).
 */
final class ToolCall {
    private static final ThreadLocal<ToolCall> CURRENT = new ThreadLocal<>();

    final ClientCall call;
    final TaskScope task;
    final long startNanos;
    private final Thread thread;
    private final ToolCall previous;
    private final TaskScope.Activation activation;
    private volatile Throwable hiddenFailure;

    private ToolCall(ClientCall call, TaskScope task, long startNanos, TaskScope.Activation activation) {
        this.call = call;
        this.task = task;
        this.startNanos = startNanos;
        this.thread = Thread.currentThread();
        this.previous = CURRENT.get();
        this.activation = activation;
    }

    /** Starts a tool call on this thread, making {@code call}'s task current here if it is not already. */
    static ToolCall start(ClientCall call, TaskScope task, long nowNanos) {
        TaskScope.Activation activation = null;
        if (call != null && TaskScope.current().orElse(null) != call.task && !call.isFinished()) {
            activation = call.task.makeCurrent();
        }
        ToolCall tool = new ToolCall(call, task, nowNanos, activation);
        CURRENT.set(tool);
        return tool;
    }

    /** The tool call running on this thread, or null. */
    static ToolCall current() {
        return CURRENT.get();
    }

    /** Restores this thread as it was before {@link #start} (when stopping on that thread). */
    void end() {
        if (thread != Thread.currentThread()) {
            return;
        }
        if (activation != null) {
            activation.close();
        }
        if (CURRENT.get() == this) {
            // null is stored rather than removed: a removed entry is created again by the next
            // get(), with the map's clean-up scan, on every tool call; a null entry keeps nothing alive.
            CURRENT.set(previous);
        }
    }

    void hideFailure(Throwable failure) {
        this.hiddenFailure = failure;
    }

    /** The exception Spring AI turned into a result text, or null. */
    Throwable hiddenFailure() {
        return hiddenFailure;
    }
}
