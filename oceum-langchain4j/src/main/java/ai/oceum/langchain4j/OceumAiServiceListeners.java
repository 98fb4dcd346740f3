package ai.oceum.langchain4j;

import ai.oceum.Oceum;
import dev.langchain4j.observability.api.listener.AiServiceCompletedListener;
import dev.langchain4j.observability.api.listener.AiServiceErrorListener;
import dev.langchain4j.observability.api.listener.AiServiceListener;
import dev.langchain4j.observability.api.listener.AiServiceRequestIssuedListener;
import dev.langchain4j.observability.api.listener.AiServiceResponseReceivedListener;
import dev.langchain4j.observability.api.listener.AiServiceStartedListener;
import dev.langchain4j.observability.api.listener.ToolExecutedEventListener;
import dev.langchain4j.service.tool.BeforeToolExecution;
import dev.langchain4j.service.tool.ToolExecution;
import java.util.AbstractList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The AI-service listeners that report each invocation of a LangChain4j AI service as one Oceum
 * task: {@code task_start} when it starts; {@code task_complete} with its duration, interface,
 * method, model calls, tool calls, tokens and a tool summary when it completes; an {@code error}
 * with {@code taskStatus: "failed"} when it fails.
 *
 * <pre>{@code
 * OceumAiServiceListeners listeners = OceumAiServiceListeners.create(oceum);
 * Assistant agent = AiServices.builder(Assistant.class)
 *         .chatModel(model)                              // with an OceumChatModelListener for usage
 *         .tools(new TicketTools())
 *         .registerListeners(listeners)                  // this object is the list of listeners
 *         .beforeToolExecution(listeners.beforeToolExecution())   // optional: the task current in tools
 *         .afterToolExecution(listeners.afterToolExecution())     // optional: tool durations and failures
 *         .build();
 * }</pre>
 * ({@link OceumLangChain4j#instrument} does the last three lines in one call.)
 *
 * <p><b>Tasks.</b> The task is named {@code Interface.method}, or by the method's
 * {@link ai.oceum.annotation.AgentTask @AgentTask} value. An invocation made while a task is open
 * on the calling thread ({@code oceum.wrap}, {@code startTask}, another invocation's tool) is its
 * child. A non-streaming invocation's task is current on the calling thread while it runs
 * (except during its model calls, so that a model failing with an {@link Error} leaves nothing
 * behind), so usage and errors reported from its tools, and invocations nested in them, belong
 * to it; a streaming one ({@code TokenStream}) is never left on the caller's thread.
 *
 * <p><b>Model calls</b> are tied to the invocation through {@link OceumChatModelListener}, which
 * sends one {@code usage} event per call; the completion's token sums come from these listeners
 * alone and do not need it.
 *
 * <p><b>Tools.</b> Every call is counted and named. Only the {@link #afterToolExecution()} hook
 * sees durations and failures (LangChain4j turns a tool's exception into a normal result); with
 * it, a failed call also sends an {@code error} naming the tool. The
 * {@link #beforeToolExecution()} hook makes the task current where a tool runs off the calling
 * thread (streaming, concurrent tools).
 *
 * <p><b>Contract.</b> The listeners never throw into LangChain4j and never block on the network.
 * State is bounded and expires (see {@link OceumLangChain4jOptions#stateExpiry()}). Thread-safe;
 * one instance may be registered on any number of AI services. Immutable list.
 */
public final class OceumAiServiceListeners extends AbstractList<AiServiceListener<?>> {
    private final InvocationTracker tracker;
    private final List<AiServiceListener<?>> listeners;

    /** Listeners reporting through the shared {@link Oceum#global()} client, looked up per invocation. */
    public OceumAiServiceListeners() {
        this(Oceum::global, OceumLangChain4jOptions.defaults());
    }

    private OceumAiServiceListeners(Supplier<Oceum> client, OceumLangChain4jOptions options) {
        this.tracker = new InvocationTracker(client, Objects.requireNonNull(options, "options"));
        InvocationTracker t = tracker;
        // Each listener catches on its own rather than through a shared guard(Runnable): no
        // capturing lambda per event on the caller's path.
        this.listeners = List.of(
                (AiServiceStartedListener) e -> {
                    try {
                        t.started(e);
                    } catch (Throwable x) {
                        Diagnostics.listenerFailed("started", x);
                    }
                },
                (AiServiceRequestIssuedListener) e -> {
                    try {
                        t.requestIssued(e);
                    } catch (Throwable x) {
                        Diagnostics.listenerFailed("request issued", x);
                    }
                },
                (AiServiceResponseReceivedListener) e -> {
                    try {
                        t.responseReceived(e);
                    } catch (Throwable x) {
                        Diagnostics.listenerFailed("response received", x);
                    }
                },
                (ToolExecutedEventListener) e -> {
                    try {
                        t.toolExecuted(e);
                    } catch (Throwable x) {
                        Diagnostics.listenerFailed("tool executed", x);
                    }
                },
                (AiServiceCompletedListener) e -> {
                    try {
                        t.completed(e);
                    } catch (Throwable x) {
                        Diagnostics.listenerFailed("completed", x);
                    }
                },
                (AiServiceErrorListener) e -> {
                    try {
                        t.failed(e);
                    } catch (Throwable x) {
                        Diagnostics.listenerFailed("error", x);
                    }
                });
    }

    /** The listeners for {@code AiServices.builder(..).registerListeners(..)}, reporting through {@code oceum}. */
    public static OceumAiServiceListeners create(Oceum oceum) {
        return create(oceum, OceumLangChain4jOptions.defaults());
    }

    /** As {@link #create(Oceum)}, with options. */
    public static OceumAiServiceListeners create(Oceum oceum, OceumLangChain4jOptions options) {
        Objects.requireNonNull(oceum, "oceum");
        return new OceumAiServiceListeners(() -> oceum, options);
    }

    /**
     * The hook for {@code AiServices.builder(..).beforeToolExecution(..)}: makes the invocation's
     * task current on the thread that runs the tool (a streaming answer's thread, a tool
     * executor), so that what the tool reports — usage, errors, AI services it calls — belongs to
     * it. Use with {@link #afterToolExecution()}, which takes it off again.
     */
    public Consumer<BeforeToolExecution> beforeToolExecution() {
        InvocationTracker t = tracker;
        return before -> {
            try {
                t.beforeTool(before);
            } catch (Throwable x) {
                Diagnostics.listenerFailed("before tool", x);
            }
        };
    }

    /** As {@link #beforeToolExecution()}, then {@code yours}. */
    public Consumer<BeforeToolExecution> beforeToolExecution(Consumer<BeforeToolExecution> yours) {
        return chain(beforeToolExecution(), yours);
    }

    /**
     * The hook for {@code AiServices.builder(..).afterToolExecution(..)}: records each tool call's
     * duration and failure, and reports a failed call as an {@code error} naming the tool.
     * LangChain4j keeps one such hook per AI service; to keep your own as well, use
     * {@link #afterToolExecution(Consumer)}.
     */
    public Consumer<ToolExecution> afterToolExecution() {
        InvocationTracker t = tracker;
        return execution -> {
            try {
                t.toolExecution(execution);
            } catch (Throwable x) {
                Diagnostics.listenerFailed("after tool", x);
            }
        };
    }

    /** As {@link #afterToolExecution()}, then {@code yours} (which runs even if recording fails). */
    public Consumer<ToolExecution> afterToolExecution(Consumer<ToolExecution> yours) {
        return chain(afterToolExecution(), yours);
    }

    private static <T> Consumer<T> chain(Consumer<T> ours, Consumer<T> yours) {
        Objects.requireNonNull(yours, "yours");
        return value -> {
            ours.accept(value);
            yours.accept(value);
        };
    }

    /** How many invocations are in progress (started, not yet completed, failed or expired). */
    public int openInvocations() {
        return tracker.openInvocations();
    }

    /**
     * Closes now, as failed, every invocation that has shown no event for longer than the state
     * expiry; returns how many. This also happens on its own whenever an invocation starts.
     */
    public int expireIdleInvocations() {
        return tracker.expireIdle();
    }

    @Override
    public AiServiceListener<?> get(int index) {
        return listeners.get(index);
    }

    @Override
    public int size() {
        return listeners.size();
    }

    @Override
    public boolean equals(Object o) {
        return this == o;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }

    @Override
    public String toString() {
        return "OceumAiServiceListeners{open=" + tracker.openInvocations() + '}';
    }
}
