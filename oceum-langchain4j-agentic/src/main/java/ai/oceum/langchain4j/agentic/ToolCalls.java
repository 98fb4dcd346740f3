package ai.oceum.langchain4j.agentic;

import ai.oceum.ErrorReport;
import ai.oceum.langchain4j.OceumLangChain4jOptions;
import dev.langchain4j.service.tool.ToolExecution;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a finished tool call of an agent becomes: an entry of the agent's tool summary and, when it
 * failed, an {@code error} tied to the agent's task (with {@code reportToolErrors}). Stateless.
 */
final class ToolCalls {
    private ToolCalls() {}

    static void record(AgentNode node, ToolExecution execution, OceumLangChain4jOptions options) {
        String name =
                execution.request() == null ? "unknown" : execution.request().name();
        boolean failed = execution.hasFailed();
        Duration duration = execution.duration();
        Long durationMs = duration == null ? null : duration.toMillis();
        int max = options.maxContentLength();
        String arguments = null;
        String result = null;
        if (options.includeContent()) {
            arguments = execution.request() == null
                    ? null
                    : Content.text(execution.request().arguments(), max);
            result = Content.text(execution.result(), max);
        }
        node.toolCalled(name, failed, durationMs, node.run.now(), arguments, result, options.maxToolCallsInSummary());
        if (failed && options.reportToolErrors()) {
            Map<String, Object> meta = new LinkedHashMap<>(6);
            meta.put("source", RunTracker.SOURCE + ".tool");
            meta.put("tool", name);
            meta.put("agentId", node.agentId);
            if (execution.request() != null && execution.request().id() != null) {
                meta.put("toolCallId", execution.request().id());
            }
            if (durationMs != null) {
                meta.put("durationMs", durationMs);
            }
            // What LangChain4j gives the model for a failed tool: the error's description, not content.
            node.task
                    .client()
                    .error(ErrorReport.builder("Tool '" + name + "' failed: " + Content.text(execution.result(), max))
                            .meta(meta)
                            .task(node.task)
                            .taskFromContext(false)
                            .build());
        }
    }
}
