package ai.oceum.langchain4j.agentic;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tool calls of one agent invocation, for its completion: every call counted, the first
 * {@code maxListed} listed with name, status, duration and start offset (and, with content,
 * arguments and result). Concurrent tools ({@code executeToolsConcurrently()}) report from pool
 * threads, so every method is synchronized; memory is bounded by {@code maxListed}.
 */
final class ToolSummary {
    private final int maxListed;
    private final List<Map<String, Object>> listed = new ArrayList<>(2);
    private int calls;
    private int failures;

    ToolSummary(int maxListed) {
        this.maxListed = maxListed;
    }

    /**
     * One finished call.
     *
     * @param startOffsetMs when it started, in ms after the agent's task started (null if unknown)
     * @param arguments the arguments, or null when content is not sent
     * @param result the result text, or null when content is not sent
     */
    synchronized void add(
            String name, boolean failed, Long durationMs, Long startOffsetMs, String arguments, String result) {
        calls++;
        if (failed) {
            failures++;
        }
        if (listed.size() >= maxListed) {
            return;
        }
        Map<String, Object> call = new LinkedHashMap<>(8);
        call.put("name", name);
        call.put("status", failed ? "failed" : "ok");
        if (durationMs != null) {
            call.put("durationMs", durationMs);
        }
        if (startOffsetMs != null) {
            call.put("startOffsetMs", startOffsetMs);
        }
        if (arguments != null) {
            call.put("arguments", arguments);
        }
        if (result != null) {
            call.put("result", result);
        }
        listed.add(call);
    }

    synchronized int calls() {
        return calls;
    }

    synchronized int failures() {
        return failures;
    }

    /** The listed calls in the order they finished (a copy: the core sends it later, elsewhere). */
    synchronized List<Map<String, Object>> listed() {
        return new ArrayList<>(listed);
    }

    synchronized int omitted() {
        return calls - listed.size();
    }
}
