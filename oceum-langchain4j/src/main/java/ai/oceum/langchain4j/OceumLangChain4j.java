package ai.oceum.langchain4j;

import ai.oceum.Oceum;
import dev.langchain4j.service.AiServices;
import java.util.Objects;

/**
 * One call to report an AI service to Oceum.
 *
 * <pre>{@code
 * Assistant agent = OceumLangChain4j.instrument(AiServices.builder(Assistant.class), oceum)
 *         .chatModel(model)               // built with .listeners(List.of(new OceumChatModelListener(oceum)))
 *         .tools(new TicketTools())
 *         .build();
 * }</pre>
 *
 * <p>It registers {@link OceumAiServiceListeners} and sets their tool hooks as the builder's
 * {@code beforeToolExecution} and {@code afterToolExecution}. LangChain4j keeps one hook of each
 * kind: a later {@code afterToolExecution(..)} call replaces ours (then only tool names are
 * reported, not durations and failures); to keep both, register the listeners yourself and pass
 * yours to {@link OceumAiServiceListeners#afterToolExecution(java.util.function.Consumer)} (and
 * {@link OceumAiServiceListeners#beforeToolExecution(java.util.function.Consumer)}).
 *
 * <p>Stateless and thread-safe; the listeners it registers are thread-safe.
 */
public final class OceumLangChain4j {
    private OceumLangChain4j() {}

    /** Registers the Oceum listeners and tool hook on {@code builder}; returns it for chaining. */
    public static <T> AiServices<T> instrument(AiServices<T> builder, Oceum oceum) {
        return instrument(builder, oceum, OceumLangChain4jOptions.defaults());
    }

    /** As {@link #instrument(AiServices, Oceum)}, with options. */
    public static <T> AiServices<T> instrument(AiServices<T> builder, Oceum oceum, OceumLangChain4jOptions options) {
        Objects.requireNonNull(builder, "builder");
        OceumAiServiceListeners listeners = OceumAiServiceListeners.create(oceum, options);
        return builder.registerListeners(listeners)
                .beforeToolExecution(listeners.beforeToolExecution())
                .afterToolExecution(listeners.afterToolExecution());
    }
}
