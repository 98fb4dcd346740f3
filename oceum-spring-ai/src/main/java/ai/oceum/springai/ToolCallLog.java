package ai.oceum.springai;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tool calls of one {@code ChatClient} call, for its completion summary: every call is
 * counted; at most {@code maxToolCallsInSummary} are listed, in the order they ended.
 * Thread-safe (tools may run on several threads).
 */
final class ToolCallLog {
    private final OceumSpringAiOptions options;
    private final List<Map<String, Object>> listed = new ArrayList<>();
    private int calls;
    private int failures;

    ToolCallLog(OceumSpringAiOptions options) {
        this.options = options;
    }

    /** One tool call that ended. */
    synchronized void add(
            String name, String toolCallId, long durationMs, boolean failed, String arguments, String result) {
        calls++;
        if (failed) {
            failures++;
        }
        if (listed.size() >= options.maxToolCallsInSummary()) {
            return;
        }
        Map<String, Object> m = new LinkedHashMap<>(8);
        m.put("name", name);
        m.put("status", failed ? "failed" : "ok");
        m.put("durationMs", durationMs);
        if (toolCallId != null) {
            m.put("toolCallId", toolCallId);
        }
        if (options.includeContent()) {
            m.put("arguments", Content.truncate(arguments, options.maxContentLength()));
            m.put("result", Content.truncate(result, options.maxContentLength()));
        }
        listed.add(m);
    }

    synchronized int calls() {
        return calls;
    }

    synchronized int failures() {
        return failures;
    }

    /** The listed calls (a copy). */
    synchronized List<Map<String, Object>> summary() {
        return new ArrayList<>(listed);
    }

    synchronized int omitted() {
        return calls - listed.size();
    }
}
