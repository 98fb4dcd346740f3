package ai.oceum.langchain4j.agentic;

import ai.oceum.langchain4j.OceumLangChain4jOptions;
import ai.oceum.langchain4j.agentic.AgentNode.Placement;
import dev.langchain4j.agentic.observability.AgentRequest;
import dev.langchain4j.agentic.planner.AgentInstance;
import java.util.LinkedHashMap;
import java.util.Map;

/** The {@code meta} of an agent task's start (docs/langchain4j-agentic.md lists every field). Stateless. */
final class StartMeta {
    private StartMeta() {}

    static Map<String, Object> of(
            Run run,
            AgentNode parent,
            AgentRequest request,
            AgentInstance agent,
            AgentKind kind,
            Placement placement,
            String resumeOf,
            OceumLangChain4jOptions options) {
        String agentId = agent.agentId();
        Map<String, Object> meta = new LinkedHashMap<>(16);
        meta.put("source", RunTracker.SOURCE);
        meta.put("agentId", agentId);
        meta.put("kind", kind.wire);
        meta.put("topology", String.valueOf(agent.topology()));
        if (parent == null) {
            meta.put("memoryId", run.memoryId);
            if (resumeOf != null) {
                meta.put("resumeOf", resumeOf);
            }
        } else {
            meta.put("rootTaskId", run.root().task.id());
        }
        if (placement.iteration() >= 0) {
            meta.put("iteration", placement.iteration());
        }
        if (placement.attempt() > 1) {
            meta.put("attempt", placement.attempt());
        }
        if (parent != null && parent.kind == AgentKind.PARALLEL_MAPPER) {
            int item = itemIndex(agentId);
            if (item >= 0) {
                meta.put("item", item);
            }
        }
        if (agent.async()) {
            meta.put("async", true);
        }
        if (options.includeContent()) {
            Map<String, Object> inputs = Content.inputs(request.inputs(), options.maxContentLength());
            if (inputs != null) {
                meta.put("inputs", inputs);
            }
        }
        return meta;
    }

    /** A parallel mapper's item {@code i} has the agent id {@code <sub-agent id>_i}. */
    private static int itemIndex(String agentId) {
        int underscore = agentId.lastIndexOf('_');
        if (underscore < 0 || underscore == agentId.length() - 1) {
            return -1;
        }
        int value = 0;
        for (int i = underscore + 1; i < agentId.length(); i++) {
            char c = agentId.charAt(i);
            if (c < '0' || c > '9' || value > 100_000_000) {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
