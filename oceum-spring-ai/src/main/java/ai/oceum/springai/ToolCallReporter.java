package ai.oceum.springai;

import ai.oceum.ErrorReport;
import ai.oceum.Oceum;
import ai.oceum.TaskScope;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.ai.tool.definition.ToolDefinition;
import org.springframework.ai.tool.observation.ToolCallingObservationContext;

/**
 * Times each {@code spring.ai.tool} observation (one tool call), adds it to its {@code ChatClient}
 * call's tool summary, and reports a failed one as an {@code error} naming the tool. A tool fails
 * when its observation carries an error (Spring AI rethrew it), or when
 * {@link OceumToolExecutionExceptionProcessor} saw the exception that Spring AI, by default,
 * turns into a result text for the model. Thread-safe; all state is in the observation's context.
 */
final class ToolCallReporter {
    private final Supplier<Oceum> client;
    private final OceumSpringAiOptions options;

    ToolCallReporter(Supplier<Oceum> client, OceumSpringAiOptions options) {
        this.client = client;
        this.options = options;
    }

    void started(ToolCallingObservationContext context) {
        long now = options.nanoTime();
        ClientCall call = Observations.enclosingCall(context);
        if (call == null) {
            call = Observations.callOfReactiveTool();
        }
        TaskScope task;
        if (call != null) {
            call.touch(now);
            task = call.task;
        } else {
            ModelCall model = Observations.enclosingModelCall(context);
            task = model != null ? model.task() : TaskScope.current().orElse(null);
        }
        context.put(ToolCall.class, ToolCall.start(call, task, now));
    }

    void stopped(ToolCallingObservationContext context) {
        ToolCall tool = context.get(ToolCall.class);
        if (tool == null) {
            return; // started before this handler was registered
        }
        tool.end();
        long now = options.nanoTime();
        long durationMs = Math.max(0, (now - tool.startNanos) / 1_000_000);
        Throwable thrown = context.getError();
        Throwable failure = thrown != null ? thrown : tool.hiddenFailure();
        String name = toolName(context);
        String toolCallId = SpringAiCompat.toolCallId(context);
        if (tool.call != null) {
            tool.call.touch(now);
            tool.call
                    .tools()
                    .add(
                            name,
                            toolCallId,
                            durationMs,
                            failure != null,
                            context.getToolCallArguments(),
                            context.getToolCallResult());
        }
        if (failure != null && options.reportToolErrors()) {
            Map<String, Object> meta = new LinkedHashMap<>(8);
            meta.put("source", ModelCallReporter.SOURCE + ".tool");
            meta.put("tool", name);
            if (toolCallId != null) {
                meta.put("toolCallId", toolCallId);
            }
            meta.put("durationMs", durationMs);
            // Spring AI gave the model this text instead of a result (its default), or rethrew the exception.
            meta.put("returnedToModel", thrown == null);
            if (options.includeContent()) {
                meta.put("arguments", Content.truncate(context.getToolCallArguments(), options.maxContentLength()));
            }
            Throwable cause = thrown == null ? causeOf(failure) : Failures.unwrap(failure);
            Oceum oceum = tool.task != null ? tool.task.client() : client.get();
            oceum.error(ErrorReport.builder("Tool '" + name + "' failed: " + describe(cause))
                    .throwable(cause)
                    .meta(meta)
                    .task(tool.task)
                    .taskFromContext(false)
                    .build());
        }
    }

    /** The tool's own exception inside Spring AI's {@code ToolExecutionException}. */
    private static Throwable causeOf(Throwable failure) {
        return failure.getCause() != null ? failure.getCause() : failure;
    }

    private String describe(Throwable t) {
        String message;
        try {
            message = t.getMessage();
        } catch (RuntimeException e) {
            message = null;
        }
        return Content.truncate(message != null ? message : t.getClass().getName(), options.maxContentLength());
    }

    private static String toolName(ToolCallingObservationContext context) {
        ToolDefinition definition = context.getToolDefinition();
        String name = definition == null ? null : definition.name();
        return name == null ? "unknown" : name;
    }
}
