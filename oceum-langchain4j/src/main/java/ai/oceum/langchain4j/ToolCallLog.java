package ai.oceum.langchain4j;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The tool calls of one invocation, for its completion summary.
 *
 * <p>A call may be seen twice: by the {@code afterToolExecution} hook (name, duration, failure)
 * and by {@code ToolExecutedEvent} (name only), in either order. Both are matched on the request
 * and merged into one entry, so each call is counted once whichever of the two is installed.
 * Memory is bounded: at most {@code maxListed} entries are kept for the summary and a few recent
 * ones for matching; the rest are only counted.
 */
final class ToolCallLog {
    private static final int RECENT = 32;

    private final int maxListed;
    private final OceumLangChain4jOptions options;
    private final List<Entry> listed = new ArrayList<>();
    private final ArrayDeque<Entry> recent = new ArrayDeque<>(4);
    private int calls;
    private int failures;

    ToolCallLog(OceumLangChain4jOptions options) {
        this.options = options;
        this.maxListed = options.maxToolCallsInSummary();
    }

    /** A call seen by the hook: its duration and whether it failed are known. */
    synchronized void executed(ToolExecutionRequest request, Long durationMs, boolean failed, String result) {
        Entry e = match(request, true);
        e.fromHook = true;
        e.durationMs = durationMs;
        e.status = failed ? "failed" : "ok";
        if (failed) {
            failures++;
        }
        e.result = result;
    }

    /** A call seen by {@code ToolExecutedEvent}: success or failure cannot be told from it. */
    synchronized void reported(ToolExecutionRequest request, String result) {
        Entry e = match(request, false);
        e.fromEvent = true;
        if (e.result == null) {
            e.result = result;
        }
    }

    private Entry match(ToolExecutionRequest request, boolean hook) {
        for (Iterator<Entry> it = recent.descendingIterator(); it.hasNext(); ) {
            Entry e = it.next();
            if ((hook ? !e.fromHook : !e.fromEvent) && e.sameRequest(request)) {
                return e;
            }
        }
        Entry e = new Entry(request);
        calls++;
        if (listed.size() < maxListed) {
            listed.add(e);
        }
        recent.addLast(e);
        if (recent.size() > RECENT) {
            recent.removeFirst();
        }
        return e;
    }

    synchronized int calls() {
        return calls;
    }

    synchronized int failures() {
        return failures;
    }

    /** The summary sent in the task's completion: one map per listed call, in call order. */
    synchronized List<Map<String, Object>> summary() {
        List<Map<String, Object>> out = new ArrayList<>(listed.size());
        for (Entry e : listed) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", e.request == null ? "unknown" : e.request.name());
            m.put("status", e.status);
            if (e.durationMs != null) {
                m.put("durationMs", e.durationMs);
            }
            if (options.includeContent()) {
                m.put(
                        "arguments",
                        e.request == null ? null : Content.truncate(e.request.arguments(), options.maxContentLength()));
                m.put("result", Content.truncate(e.result, options.maxContentLength()));
            }
            out.add(m);
        }
        return out;
    }

    synchronized int omitted() {
        return calls - listed.size();
    }

    private static final class Entry {
        final ToolExecutionRequest request;
        boolean fromHook;
        boolean fromEvent;
        String status = "unknown";
        Long durationMs;
        String result;

        Entry(ToolExecutionRequest request) {
            this.request = request;
        }

        @SuppressWarnings("ReferenceEquality") // the same object first (fast path), then by id and name
        boolean sameRequest(ToolExecutionRequest other) {
            if (request == other) {
                return true;
            }
            return other != null
                    && request != null
                    && request.id() != null
                    && request.id().equals(other.id())
                    && Objects.equals(request.name(), other.name());
        }
    }
}
