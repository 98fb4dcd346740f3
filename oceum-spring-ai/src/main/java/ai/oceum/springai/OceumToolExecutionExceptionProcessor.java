package ai.oceum.springai;

import java.util.Objects;
import org.springframework.ai.tool.execution.DefaultToolExecutionExceptionProcessor;
import org.springframework.ai.tool.execution.ToolExecutionException;
import org.springframework.ai.tool.execution.ToolExecutionExceptionProcessor;

/**
 * A {@link ToolExecutionExceptionProcessor} that lets Oceum see a tool's exception before Spring
 * AI turns it into a result text for the model (Spring AI's default): the tool call is then
 * reported as failed, with an {@code error} naming the tool and carrying the exception. It then
 * does exactly what {@code delegate} does (return the text, or rethrow).
 *
 * <pre>{@code
 * ToolCallingManager tools = ToolCallingManager.builder()
 *         .observationRegistry(registry)
 *         .toolExecutionExceptionProcessor(OceumSpringAi.toolExceptionProcessor())
 *         .build();
 * }</pre>
 *
 * <p>Without it, such a tool call shows as {@code ok}: its observation carries no error. It only
 * records the exception on the tool call running on the calling thread (Spring AI calls the
 * processor inside the tool's observation), so it needs the {@link OceumObservationHandler} on the
 * same registry, and it never throws anything of its own. Thread-safe if {@code delegate} is.
 */
public final class OceumToolExecutionExceptionProcessor implements ToolExecutionExceptionProcessor {
    private final ToolExecutionExceptionProcessor delegate;

    /** Wraps {@code delegate}. */
    public OceumToolExecutionExceptionProcessor(ToolExecutionExceptionProcessor delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /** Wraps Spring AI's default: the exception's message goes back to the model. */
    public OceumToolExecutionExceptionProcessor() {
        this(new DefaultToolExecutionExceptionProcessor(false));
    }

    /** The processor this one hands every exception to. */
    public ToolExecutionExceptionProcessor delegate() {
        return delegate;
    }

    @Override
    public String process(ToolExecutionException exception) {
        try {
            ToolCall tool = ToolCall.current();
            if (tool != null && exception != null) {
                tool.hideFailure(exception);
            }
        } catch (Throwable t) {
            Diagnostics.SHARED.handlerFailed("tool exception processor", t);
        }
        return delegate.process(exception);
    }

    @Override
    public String toString() {
        return "OceumToolExecutionExceptionProcessor{" + delegate + '}';
    }
}
