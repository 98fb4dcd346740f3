package ai.oceum.springai;

import ai.oceum.Oceum;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import java.util.Objects;
import java.util.function.Supplier;
import org.springframework.ai.chat.client.observation.ChatClientObservationContext;
import org.springframework.ai.chat.observation.ChatModelObservationContext;
import org.springframework.ai.tool.observation.ToolCallingObservationContext;

/**
 * The Micrometer {@link ObservationHandler} that reports Spring AI to Oceum: each
 * {@code ChatClient} call as one task (duration, model calls, tool calls, tokens, failure), each
 * model call as one {@code usage} event (model, provider, tokens, finish reason, duration) or an
 * {@code error}, and each tool call with its duration and status (an {@code error} naming a
 * failed one).
 *
 * <pre>{@code
 * ObservationRegistry registry = ObservationRegistry.create();
 * OceumSpringAi.register(registry, oceum);      // = registry.observationConfig().observationHandler(new OceumObservationHandler(oceum))
 * OpenAiChatModel model = OpenAiChatModel.builder()...observationRegistry(registry).build();
 * ChatClient chat = ChatClient.builder(model, registry, null, null).build();
 * }</pre>
 *
 * <p>Under Spring Boot a bean of this type is what Boot's observation auto-configuration adds to
 * the application's registry (the Oceum starter declares it).
 *
 * <p><b>Which task.</b> A call's task is named by the nearest {@code @AgentTask} method that
 * makes the call (unless that method is already the task open there), else
 * {@link OceumSpringAiOptions#defaultTaskName()}; it is a child of the task open where the call
 * starts (or of the {@code ChatClient} call whose tool makes it). Model and tool observations are
 * tied to their {@code ChatClient} call through the observation parent chain, never through the
 * thread they run on: a stream's callbacks arrive on HTTP-client and Reactor threads, in no fixed
 * order, sometimes after the caller's {@code block()} returned.
 *
 * <p><b>Contract.</b> Never throws into Spring AI or Micrometer (its own failures are logged at
 * WARN under {@code ai.oceum.springai}, at most once a minute per kind), never blocks on the
 * network (events are queued), sends no prompt, answer or tool data unless
 * {@link OceumSpringAiOptions#includeContent()}, and keeps its per-call state in the observation
 * contexts plus a bounded set of calls in progress that expires. Thread-safe; one instance may
 * serve any number of registries.
 */
public final class OceumObservationHandler implements ObservationHandler<Observation.Context> {
    private final OceumSpringAiOptions options;
    private final ClientCalls calls;
    private final ModelCallReporter models;
    private final ToolCallReporter tools;
    private final Diagnostics diagnostics = new Diagnostics();

    /** A handler reporting through the shared {@link Oceum#global()} client, looked up at each call. */
    public OceumObservationHandler() {
        this(Oceum::global, OceumSpringAiOptions.defaults());
    }

    /** A handler reporting through {@code oceum}, with the default options. */
    public OceumObservationHandler(Oceum oceum) {
        this(oceum, OceumSpringAiOptions.defaults());
    }

    /** A handler reporting through {@code oceum} with {@code options}. */
    public OceumObservationHandler(Oceum oceum, OceumSpringAiOptions options) {
        this(constant(Objects.requireNonNull(oceum, "oceum")), options);
    }

    /** A handler reporting through the global client with {@code options}. */
    public OceumObservationHandler(OceumSpringAiOptions options) {
        this(Oceum::global, options);
    }

    private OceumObservationHandler(Supplier<Oceum> client, OceumSpringAiOptions options) {
        this.options = Objects.requireNonNull(options, "options");
        this.calls = new ClientCalls(client, options, diagnostics);
        this.models = new ModelCallReporter(client, options, diagnostics);
        this.tools = new ToolCallReporter(client, options);
    }

    private static Supplier<Oceum> constant(Oceum oceum) {
        return () -> oceum;
    }

    /** The options this handler reports with. */
    public OceumSpringAiOptions options() {
        return options;
    }

    @Override
    public boolean supportsContext(Observation.Context context) {
        return context instanceof ChatClientObservationContext
                || context instanceof ChatModelObservationContext
                || context instanceof ToolCallingObservationContext;
    }

    @Override
    public void onStart(Observation.Context context) {
        try {
            if (context instanceof ChatModelObservationContext model) {
                models.started(model);
            } else if (context instanceof ToolCallingObservationContext tool) {
                tools.started(tool);
            } else if (context instanceof ChatClientObservationContext client) {
                calls.started(client);
            }
        } catch (Throwable t) {
            diagnostics.handlerFailed("onStart", t);
        }
    }

    @Override
    public void onStop(Observation.Context context) {
        try {
            if (context instanceof ChatModelObservationContext model) {
                models.stopped(model);
            } else if (context instanceof ToolCallingObservationContext tool) {
                tools.stopped(tool);
            } else if (context instanceof ChatClientObservationContext client) {
                calls.stopped(client);
            }
        } catch (Throwable t) {
            diagnostics.handlerFailed("onStop", t);
        }
    }

    /** How many {@code ChatClient} calls are in progress (started, not yet stopped, expired or evicted). */
    public int openCalls() {
        return calls.openCalls();
    }

    /**
     * Closes now, as failed, every call that has shown no event for longer than the state expiry;
     * returns how many. This also happens on its own whenever a call starts.
     */
    public int expireIdleCalls() {
        return calls.expireIdle();
    }

    @Override
    public String toString() {
        return "OceumObservationHandler{open=" + calls.openCalls() + ", " + options + '}';
    }
}
