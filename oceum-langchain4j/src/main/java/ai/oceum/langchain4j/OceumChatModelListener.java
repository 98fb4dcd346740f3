package ai.oceum.langchain4j;

import ai.oceum.ErrorReport;
import ai.oceum.Oceum;
import ai.oceum.TaskScope;
import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.listener.ChatModelErrorContext;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.listener.ChatModelRequestContext;
import dev.langchain4j.model.chat.listener.ChatModelResponseContext;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Reports every call of a LangChain4j chat model to Oceum: a {@code usage} event per answer
 * (model as answered, provider, tokens, finish reason, duration, task) and an {@code error} event
 * per failure (provider, model, HTTP status or timeout, task).
 *
 * <pre>{@code
 * ChatModel model = OpenAiChatModel.builder()...
 *         .listeners(List.of(new OceumChatModelListener(oceum)))
 *         .build();
 * }</pre>
 *
 * <p><b>Which task.</b> A call is tied to the task that is in progress where the call is
 * <em>made</em>: the AI-service invocation that issued it (with {@link OceumAiServiceListeners}
 * registered), else the task a {@link ModelCallTaskResolver} names (the agent of an agentic
 * workflow, with {@code oceum-langchain4j-agentic}), else the {@link TaskScope} open on the
 * calling thread, else none. It is captured
 * in {@code onRequest} and kept in the call's {@code attributes()}, so a streaming answer that
 * arrives on another thread still reports to the right task.
 *
 * <p><b>Contract.</b> Works for every {@code ChatModel} and {@code StreamingChatModel}, including a
 * user's own one that implements {@code doChat} and returns this listener from
 * {@code listeners()}. Never throws into LangChain4j (its own failures are logged at WARN under
 * {@code ai.oceum.langchain4j}, rate-limited), never blocks on the network (events are queued),
 * and sends no prompt or answer unless {@link OceumLangChain4jOptions#includeContent()}.
 * Thread-safe; one instance may serve any number of models.
 */
public final class OceumChatModelListener implements ChatModelListener {
    /** The key of this listener's per-call state in {@code attributes()}. */
    public static final String ATTRIBUTE_KEY = "ai.oceum.langchain4j.modelCall";

    private final Supplier<Oceum> client;
    private final OceumLangChain4jOptions options;

    /** A listener reporting through the shared {@link Oceum#global()} client, looked up at each call. */
    public OceumChatModelListener() {
        this(Oceum::global, OceumLangChain4jOptions.defaults());
    }

    /** A listener reporting through {@code oceum}, with the default options. */
    public OceumChatModelListener(Oceum oceum) {
        this(oceum, OceumLangChain4jOptions.defaults());
    }

    /** A listener reporting through {@code oceum} with {@code options}. */
    public OceumChatModelListener(Oceum oceum, OceumLangChain4jOptions options) {
        this(constant(Objects.requireNonNull(oceum, "oceum")), options);
    }

    private OceumChatModelListener(Supplier<Oceum> client, OceumLangChain4jOptions options) {
        this.client = client;
        this.options = Objects.requireNonNull(options, "options");
        ModelCallTaskResolvers.count(); // finds the resolvers now rather than in the first model call
    }

    private static Supplier<Oceum> constant(Oceum oceum) {
        return () -> oceum;
    }

    @Override
    public void onRequest(ChatModelRequestContext context) {
        try {
            TaskScope task = ModelCallHandoff.take(context.chatRequest());
            if (task == null) {
                task = ModelCallTaskResolvers.taskFor(context);
            }
            if (task == null) {
                task = TaskScope.current().orElse(null);
            }
            context.attributes()
                    .put(
                            ATTRIBUTE_KEY,
                            new Call(task, options.nanoTime(), ModelCalls.provider(context.modelProvider())));
        } catch (Throwable t) {
            Diagnostics.listenerFailed("onRequest", t);
        }
    }

    @Override
    public void onResponse(ChatModelResponseContext context) {
        try {
            Call call = take(context.attributes().remove(ATTRIBUTE_KEY));
            String provider = call.provider(context.modelProvider());
            call.client(client)
                    .reportUsage(
                            ModelCalls.usage(
                                    context.chatResponse(),
                                    context.chatRequest(),
                                    provider,
                                    call.elapsed(options),
                                    options),
                            call.task);
        } catch (Throwable t) {
            Diagnostics.listenerFailed("onResponse", t);
        }
    }

    @Override
    public void onError(ChatModelErrorContext context) {
        try {
            Call call = take(context.attributes().remove(ATTRIBUTE_KEY));
            String provider = call.provider(context.modelProvider());
            call.client(client)
                    .error(ErrorReport.builder(null)
                            .throwable(context.error())
                            .meta(ModelCalls.errorMeta(
                                    context.error(), context.chatRequest(), provider, call.elapsed(options)))
                            .task(call.task)
                            .taskFromContext(false)
                            .build());
        } catch (Throwable t) {
            Diagnostics.listenerFailed("onError", t);
        }
    }

    /** The state kept by {@code onRequest}; an empty one when it is missing (listener added mid-call). */
    private static Call take(Object stored) {
        return stored instanceof Call c ? c : new Call(null, -1, null);
    }

    @Override
    public String toString() {
        return "OceumChatModelListener{" + options + '}';
    }

    /** One call in progress: its task (or null), start time and provider. */
    private record Call(TaskScope task, long startNanos, String provider) {
        Duration elapsed(OceumLangChain4jOptions options) {
            return startNanos < 0 ? null : Duration.ofNanos(options.nanoTime() - startNanos);
        }

        String provider(ModelProvider fromContext) {
            return provider != null ? provider : ModelCalls.provider(fromContext);
        }

        /** The task's own client (it may differ from this listener's), else the listener's. */
        Oceum client(Supplier<Oceum> listenerClient) {
            return task != null ? task.client() : listenerClient.get();
        }
    }
}
