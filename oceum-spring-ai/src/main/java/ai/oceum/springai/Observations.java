package ai.oceum.springai;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationView;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import org.springframework.ai.model.tool.internal.ToolCallReactiveContextHolder;
import reactor.util.context.ContextView;

/**
 * Finds the {@code ChatClient} call an observation belongs to by walking its parent chain, never
 * by thread: a stream's model and tool observations start and stop on HTTP-client and Reactor
 * threads, sometimes after the caller's {@code block()} returned. Thread-safe.
 */
final class Observations {
    /** Deep enough for advisors within advisors; bounded so that a cyclic chain cannot hang a call. */
    private static final int MAX_DEPTH = 64;

    private static volatile boolean reactiveHolderUsable = true;

    private Observations() {}

    /** The nearest enclosing {@code ChatClient} call of {@code context}, or null. */
    static ClientCall enclosingCall(Observation.ContextView context) {
        ObservationView parent = context.getParentObservation();
        for (int depth = 0; parent != null && depth < MAX_DEPTH; depth++) {
            Observation.ContextView view = parent.getContextView();
            ClientCall call = view.get(ClientCall.class);
            if (call != null) {
                return call;
            }
            parent = view.getParentObservation();
        }
        return null;
    }

    /** The nearest enclosing model call of {@code context} (Spring AI 1.1 nests a stream's tool loop), or null. */
    static ModelCall enclosingModelCall(Observation.ContextView context) {
        ObservationView parent = context.getParentObservation();
        for (int depth = 0; parent != null && depth < MAX_DEPTH; depth++) {
            Observation.ContextView view = parent.getContextView();
            ModelCall call = view.get(ModelCall.class);
            if (call != null) {
                return call;
            }
            parent = view.getParentObservation();
        }
        return null;
    }

    /**
     * The {@code ChatClient} call of a tool that runs in a Spring AI 1.1 stream: 1.1 starts that
     * tool's observation on a Reactor thread without a parent, but hands the stream's Reactor
     * context to the tool manager through {@link ToolCallReactiveContextHolder}, and that context
     * holds the model call's observation. (2.0 sets the parent itself.) Null when there is none.
     */
    static ClientCall callOfReactiveTool() {
        if (!reactiveHolderUsable) {
            return null;
        }
        try {
            ContextView reactor = ToolCallReactiveContextHolder.getContext();
            if (reactor == null || reactor.isEmpty()) {
                return null;
            }
            Object observation = reactor.getOrDefault(ObservationThreadLocalAccessor.KEY, null);
            if (observation instanceof Observation o && !o.isNoop()) {
                Observation.ContextView view = o.getContextView();
                ClientCall call = view.get(ClientCall.class);
                return call != null ? call : enclosingCall(view);
            }
            return null;
        } catch (LinkageError e) {
            // A Spring AI without this holder (or without Reactor): the parent chain is all there is.
            reactiveHolderUsable = false;
            return null;
        }
    }
}
