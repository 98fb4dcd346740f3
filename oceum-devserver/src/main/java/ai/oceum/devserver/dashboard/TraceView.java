// Just over 400 lines on purpose: the one JSON shape of /api/trace, built from one store read; the small
// helpers at the bottom only read fields out of the stored events for that shape.
package ai.oceum.devserver.dashboard;

import ai.oceum.devserver.dashboard.TraceTree.Node;
import ai.oceum.devserver.dashboard.TraceTree.Usage;
import ai.oceum.devserver.store.Store;
import ai.oceum.devserver.store.TraceRepository.ModelCall;
import ai.oceum.devserver.store.TraceRepository.TaskError;
import ai.oceum.devserver.store.TraceRepository.TaskUsage;
import ai.oceum.devserver.store.TraceRepository.TraceTask;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * The trace view's model of one run ({@code GET /api/trace}): the run that holds a task, as a
 * tree in display order, each task with its times on the run's time axis, its own and its
 * subtree's model calls, tokens, cost and errors, its tool calls and its errors in place. What
 * one page loads is bounded: {@value #MAX_TASKS} tasks (the run's first, in arrival order),
 * {@value #MAX_MODEL_CALLS} model calls listed (at most {@value #MAX_CALLS_PER_TASK} per task;
 * totals always count all of them) and {@value #MAX_ERRORS} errors; the model says when a bound
 * was reached. Safe from any thread (the store serialises transactions).
 */
public final class TraceView {
    /** The most tasks one trace page loads. */
    public static final int MAX_TASKS = 2_000;
    /** The most model calls one trace page lists. */
    public static final int MAX_MODEL_CALLS = 5_000;
    /** The most model calls listed for one task. */
    public static final int MAX_CALLS_PER_TASK = 50;
    /** The most errors one trace page lists. */
    public static final int MAX_ERRORS = 500;

    private static final int MAX_TRACE_CHARS = 8_000;
    private static final int MAX_ORPHAN_CHECKS = 50;
    /** Meta fields the page shows in their own places, not among a task's other details. */
    private static final Set<String> SHOWN = Set.of(
            "kind",
            "status",
            "agentId",
            "rootTaskId",
            "memoryId",
            "resumeOf",
            "iteration",
            "item",
            "attempt",
            "async",
            "tools",
            "toolCalls",
            "toolFailures",
            "toolCallsOmitted",
            "modelCalls",
            "tokensInput",
            "tokensOutput",
            "source",
            "metaCut");

    private final Store store;
    private final LongSupplier clock;
    private final LongSupplier changes;
    private final ObjectMapper mapper;

    /** A view over the store; {@code changes} is the server's change counter (the page refetches when it moves). */
    public TraceView(Store store, LongSupplier clock, LongSupplier changes, ObjectMapper mapper) {
        this.store = store;
        this.clock = clock;
        this.changes = changes;
        this.mapper = mapper;
    }

    /** The model of the run holding the task, or empty when no event of that task was stored. */
    public Optional<Map<String, Object>> build(String agentId, String taskId) {
        return store.db().inTransaction(c -> {
            long changeCount = changes.getAsLong();
            Optional<TraceTask> wanted = store.traces().task(c, agentId, taskId);
            if (wanted.isEmpty()) {
                return Optional.<Map<String, Object>>empty();
            }
            return Optional.of(model(c, agentId, wanted.get(), changeCount));
        });
    }

    private Map<String, Object> model(Connection c, String agentId, TraceTask wanted, long changeCount)
            throws SQLException {
        long now = clock.getAsLong();
        String label = wanted.rootTaskId() != null ? wanted.rootTaskId() : wanted.taskId();
        long size = store.traces().size(c, agentId, label);
        List<TraceTask> rows = new ArrayList<>(store.traces().tasks(c, agentId, label, MAX_TASKS));
        boolean truncated = size > rows.size();
        if (rows.stream().noneMatch(r -> r.id() == wanted.id())) {
            rows.add(wanted); // beyond the page's bound: shown, at the top
        }
        TraceTree tree = new TraceTree(rows, now);
        int checks = 0;
        for (Node top : tree.tops) {
            if (top.missingParent != null) {
                boolean stored = truncated
                        && checks++ < MAX_ORPHAN_CHECKS
                        && store.traces().task(c, agentId, top.missingParent).isPresent();
                top.orphanNote = stored
                        ? "its parent task " + top.missingParent + " is beyond this page's first " + MAX_TASKS
                                + " tasks"
                        : "its parent task " + top.missingParent
                                + " has not been reported (yet), or retention deleted it";
            }
        }
        for (TaskUsage u : store.traces().usageByTask(c, agentId, label)) {
            tree.addUsage(u.taskId(), u.calls(), u.tokensInput(), u.tokensOutput(), u.costUsd());
        }
        List<ModelCall> calls = store.traces().modelCalls(c, agentId, label, MAX_MODEL_CALLS + 1);
        List<TaskError> errors = store.traces().errors(c, agentId, label, MAX_ERRORS + 1);
        errors.stream().limit(MAX_ERRORS).forEach(e -> tree.addError(e.taskId()));
        tree.sum();

        Long t0 = tree.firstStart();
        Map<String, List<ModelCall>> callsByTask = new HashMap<>();
        calls.stream()
                .limit(MAX_MODEL_CALLS)
                .forEach(m -> callsByTask
                        .computeIfAbsent(m.taskId(), k -> new ArrayList<>())
                        .add(m));
        Map<String, List<TaskError>> errorsByTask = new HashMap<>();
        errors.stream()
                .limit(MAX_ERRORS)
                .forEach(e -> errorsByTask
                        .computeIfAbsent(e.taskId(), k -> new ArrayList<>())
                        .add(e));

        List<Map<String, Object>> tasks = new ArrayList<>();
        for (Node n : tree.ordered) {
            tasks.add(node(
                    n,
                    t0,
                    wanted,
                    callsByTask.getOrDefault(n.task.taskId(), List.of()),
                    errorsByTask.getOrDefault(n.task.taskId(), List.of())));
        }

        Map<String, Object> m = new LinkedHashMap<>();
        m.put("serverTime", now);
        m.put("changes", changeCount);
        m.put("agentId", agentId);
        m.put("taskId", wanted.taskId());
        m.put("run", run(c, agentId, tree, t0));
        Map<String, Object> limits = new LinkedHashMap<>();
        limits.put("tasks", MAX_TASKS);
        limits.put("modelCalls", MAX_MODEL_CALLS);
        limits.put("modelCallsPerTask", MAX_CALLS_PER_TASK);
        limits.put("errors", MAX_ERRORS);
        m.put("limits", limits);
        m.put("taskCount", size);
        m.put("truncated", truncated);
        m.put("modelCallsTruncated", calls.size() > MAX_MODEL_CALLS);
        m.put("errorsTruncated", errors.size() > MAX_ERRORS);
        m.put("tasks", tasks);
        return m;
    }

    private Map<String, Object> run(Connection c, String agentId, TraceTree tree, Long t0) throws SQLException {
        Node root = tree.tops.get(0);
        Usage total = new Usage();
        int tasks = 0;
        int running = 0;
        int failed = 0;
        int errors = 0;
        for (Node top : tree.tops) {
            total.add(top.subtree);
            tasks += top.subtreeTasks;
            running += top.subtreeRunning;
            failed += top.subtreeFailed;
            errors += top.subtreeErrors;
        }
        Long end = tree.lastEnd();
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("rootKey", root.key);
        r.put("rootTaskId", root.task.taskId());
        r.put("name", root.task.name());
        r.put("state", state(root.task));
        r.put("startedAt", t0);
        r.put("endedAt", running > 0 ? null : end);
        r.put("durationMs", t0 == null || end == null ? null : end - t0);
        r.put("tasks", tasks);
        r.put("running", running);
        r.put("failed", failed);
        r.put("errors", errors);
        r.put("modelCalls", total.calls);
        r.put("tokensInput", total.tokensInput);
        r.put("tokensOutput", total.tokensOutput);
        r.put("costUsd", total.costUsd);
        JsonNode startMeta = json(root.task.startMeta());
        r.put("memoryId", text(startMeta, "memoryId"));
        r.put("resumeOf", root.task.resumeOf());
        r.put(
                "resumedBy",
                root.task.taskId() == null ? List.of() : store.traces().resumedBy(c, agentId, root.task.taskId()));
        return r;
    }

    private Map<String, Object> node(Node n, Long t0, TraceTask wanted, List<ModelCall> calls, List<TaskError> errors) {
        TraceTask t = n.task;
        JsonNode start = json(t.startMeta());
        JsonNode end = json(t.endMeta());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("key", n.key);
        m.put("parentKey", n.parent == null ? null : n.parent.key);
        m.put("depth", n.depth);
        m.put("taskId", t.taskId());
        m.put("parentTaskId", t.parentTaskId());
        m.put("name", t.name());
        m.put("state", state(t));
        m.put("status", t.status());
        m.put("outcome", t.outcome());
        m.put("kind", t.kind());
        m.put("agent", firstText(start, end, "agentId"));
        m.put("iteration", firstNumber(start, end, "iteration"));
        m.put("item", firstNumber(start, end, "item"));
        m.put("attempt", firstNumber(start, end, "attempt"));
        m.put("memoryId", firstText(start, end, "memoryId"));
        m.put("resumeOf", t.resumeOf());
        m.put("selected", t.id() == wanted.id());
        m.put("orphan", n.orphanNote);
        m.put("startedAt", t.startedAt());
        m.put("endedAt", t.endedAt());
        m.put(
                "durationMs",
                n.start == null || n.end == null
                        ? t.durationMs()
                        : "running".equals(t.status())
                                ? n.end - n.start
                                : t.durationMs() != null ? t.durationMs() : n.end - n.start);
        m.put("offsetMs", offset(n.start, t0));
        m.put("own", usage(n.own, n.ownErrors, null));
        Map<String, Object> subtree = usage(n.subtree, n.subtreeErrors, n);
        m.put("subtree", subtree);
        m.put("reportedUsageTotals", json(t.usageTotals()));
        List<Map<String, Object>> modelCalls = new ArrayList<>();
        for (ModelCall mc : calls.subList(0, Math.min(calls.size(), MAX_CALLS_PER_TASK))) {
            Map<String, Object> cm = new LinkedHashMap<>();
            cm.put("model", mc.model());
            cm.put("tokensInput", mc.tokensInput());
            cm.put("tokensOutput", mc.tokensOutput());
            cm.put("costUsd", mc.costUsd());
            cm.put("priced", mc.priced());
            cm.put("durationMs", mc.durationMs());
            // Reported when the call ended: it began its duration earlier.
            cm.put("offsetMs", offset(mc.occurredAt() - (mc.durationMs() == null ? 0 : mc.durationMs()), t0));
            modelCalls.add(cm);
        }
        m.put("modelCalls", modelCalls);
        m.put("modelCallsNotListed", Math.max(0, n.own.calls - modelCalls.size()));
        m.put("tools", tools(end, n.start, t0));
        m.put("toolCallsOmitted", firstNumber(end, null, "toolCallsOmitted"));
        List<Map<String, Object>> errs = new ArrayList<>();
        for (TaskError e : errors) {
            Map<String, Object> em = new LinkedHashMap<>();
            em.put("type", e.type());
            em.put("typeDerived", e.typeDerived());
            em.put("message", e.message());
            em.put("taskFailure", e.taskFailure());
            JsonNode meta = json(e.metaJson());
            em.put(
                    "failureOrigin",
                    meta != null && meta.has("failureOrigin")
                            ? meta.get("failureOrigin").asBoolean()
                            : null);
            em.put("tool", text(meta, "tool"));
            em.put("source", text(meta, "source"));
            em.put("stackTrace", cut(e.stackTrace()));
            em.put("offsetMs", offset(e.occurredAt(), t0));
            errs.add(em);
        }
        m.put("errors", errs);
        m.put("details", details(start, end));
        return m;
    }

    /** How a task ended as the page shows it: running, succeeded, failed, suspended or abandoned. */
    static String state(TraceTask t) {
        if ("running".equals(t.status())) {
            return "running";
        }
        String outcome = t.outcome() == null ? "" : t.outcome().toLowerCase(Locale.ROOT);
        return switch (outcome) {
            case "suspended", "abandoned" -> outcome;
            default -> t.status();
        };
    }

    private static Map<String, Object> usage(Usage u, int errors, Node subtreeOf) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("modelCalls", u.calls);
        m.put("tokensInput", u.tokensInput);
        m.put("tokensOutput", u.tokensOutput);
        m.put("costUsd", u.costUsd);
        m.put("errors", errors);
        if (subtreeOf != null) {
            m.put("tasks", subtreeOf.subtreeTasks);
            m.put("running", subtreeOf.subtreeRunning);
            m.put("failed", subtreeOf.subtreeFailed);
            m.put(
                    "durationMs",
                    subtreeOf.subtreeStart == null || subtreeOf.subtreeEnd == null
                            ? null
                            : subtreeOf.subtreeEnd - subtreeOf.subtreeStart);
        }
        return m;
    }

    /** The tool summary of the task's ending, each call placed on the run's axis when its start offset is known. */
    private static List<Map<String, Object>> tools(JsonNode end, Long taskStart, Long t0) {
        List<Map<String, Object>> out = new ArrayList<>();
        JsonNode tools = end == null ? null : end.get("tools");
        if (tools == null || !tools.isArray()) {
            return out;
        }
        for (JsonNode tool : tools) {
            if (!tool.isObject()) {
                continue;
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", text(tool, "name"));
            m.put("status", text(tool, "status"));
            Long duration = number(tool, "durationMs");
            Long startOffset = number(tool, "startOffsetMs");
            m.put("durationMs", duration);
            m.put("startOffsetMs", startOffset);
            m.put("offsetMs", startOffset == null || taskStart == null ? null : offset(taskStart + startOffset, t0));
            out.add(m);
        }
        return out;
    }

    /** The other plain values of the task's meta (an {@code @AgentTask}'s arguments, a loop's iterations…), cut for reading. */
    private static Map<String, Object> details(JsonNode start, JsonNode end) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (JsonNode meta : new JsonNode[] {start, end}) {
            if (meta == null || !meta.isObject()) {
                continue;
            }
            meta.properties().forEach(f -> {
                if (out.size() >= 16 || SHOWN.contains(f.getKey()) || out.containsKey(f.getKey())) {
                    return;
                }
                JsonNode v = f.getValue();
                if (v.isValueNode() && !v.isNull()) {
                    out.put(f.getKey(), shorten(v.asText()));
                } else if (v.isArray() && v.size() > 0) {
                    List<String> parts = new ArrayList<>();
                    v.forEach(x -> parts.add(x.isValueNode() ? x.asText() : x.toString()));
                    out.put(f.getKey(), shorten(String.join(", ", parts)));
                }
            });
        }
        return out;
    }

    private static Long offset(Long at, Long t0) {
        return at == null || t0 == null ? null : Math.max(0, at - t0);
    }

    private JsonNode json(String text) {
        if (text == null) {
            return null;
        }
        try {
            return mapper.readTree(text);
        } catch (IOException e) {
            return null;
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode n = node == null ? null : node.get(field);
        return n == null || n.isNull() || n.isContainerNode() ? null : n.asText();
    }

    private static String firstText(JsonNode a, JsonNode b, String field) {
        String v = text(a, field);
        return v != null ? v : text(b, field);
    }

    private static Long number(JsonNode node, String field) {
        JsonNode n = node == null ? null : node.get(field);
        return n != null && n.canConvertToLong() ? n.asLong() : null;
    }

    private static Long firstNumber(JsonNode a, JsonNode b, String field) {
        Long v = number(a, field);
        return v != null ? v : number(b, field);
    }

    private static String shorten(String s) {
        return s.length() <= 200 ? s : s.substring(0, 199) + "…";
    }

    private static String cut(String s) {
        return s == null || s.length() <= MAX_TRACE_CHARS
                ? s
                : s.substring(0, MAX_TRACE_CHARS) + "\n…[" + (s.length() - MAX_TRACE_CHARS) + " more characters]";
    }
}
