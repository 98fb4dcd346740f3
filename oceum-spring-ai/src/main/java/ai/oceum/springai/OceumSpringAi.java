package ai.oceum.springai;

import ai.oceum.Oceum;
import io.micrometer.observation.ObservationRegistry;
import java.util.Objects;
import org.springframework.ai.tool.execution.ToolExecutionExceptionProcessor;

/**
 * One call to report Spring AI to Oceum without Spring Boot.
 *
 * <pre>{@code
 * ObservationRegistry registry = ObservationRegistry.create();
 * OceumSpringAi.register(registry, oceum);
 * // give the same registry to the ChatModel, the ChatClient and the ToolCallingManager
 * }</pre>
 *
 * <p>Spring AI observes itself only through the registry it is built with: the chat model
 * ({@code .observationRegistry(registry)}), the {@code ChatClient} ({@code ChatClient.builder(model,
 * registry, null, null)}) and the tool-calling manager. With Spring Boot, the Oceum starter
 * registers the handler on the application's registry; nothing to call. Stateless; thread-safe.
 */
public final class OceumSpringAi {
    private OceumSpringAi() {}

    /** Adds an {@link OceumObservationHandler} reporting through {@code oceum} to {@code registry}; returns it. */
    public static OceumObservationHandler register(ObservationRegistry registry, Oceum oceum) {
        return register(registry, oceum, OceumSpringAiOptions.defaults());
    }

    /**
     * As {@link #register(ObservationRegistry, Oceum)}, with options.
     *
     * @throws IllegalArgumentException when {@code registry} is {@link ObservationRegistry#NOOP},
     *     which observes nothing
     */
    public static OceumObservationHandler register(
            ObservationRegistry registry, Oceum oceum, OceumSpringAiOptions options) {
        Objects.requireNonNull(registry, "registry");
        if (registry == ObservationRegistry.NOOP) {
            throw new IllegalArgumentException("ObservationRegistry.NOOP observes nothing and keeps no handler: create "
                    + "one with ObservationRegistry.create() and give it to the ChatModel, the ChatClient and the "
                    + "ToolCallingManager");
        }
        OceumObservationHandler handler = new OceumObservationHandler(oceum, options);
        registry.observationConfig().observationHandler(handler);
        return handler;
    }

    /**
     * A tool-exception processor for {@code ToolCallingManager.builder().toolExecutionExceptionProcessor(..)}:
     * Spring AI's default behaviour (the exception's message goes back to the model), with the
     * failure reported to Oceum. See {@link OceumToolExecutionExceptionProcessor}.
     */
    public static OceumToolExecutionExceptionProcessor toolExceptionProcessor() {
        return new OceumToolExecutionExceptionProcessor();
    }

    /** As {@link #toolExceptionProcessor()}, around your own processor. */
    public static OceumToolExecutionExceptionProcessor toolExceptionProcessor(ToolExecutionExceptionProcessor yours) {
        return yours instanceof OceumToolExecutionExceptionProcessor ours
                ? ours
                : new OceumToolExecutionExceptionProcessor(yours);
    }
}
