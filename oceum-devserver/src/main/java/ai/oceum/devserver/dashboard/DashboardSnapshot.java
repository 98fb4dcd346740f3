package ai.oceum.devserver.dashboard;

import ai.oceum.devserver.store.AgentRepository.AgentRow;
import ai.oceum.devserver.store.ErrorRepository.ErrorGroup;
import ai.oceum.devserver.store.ErrorRepository.RelatedError;
import ai.oceum.devserver.store.Store;
import ai.oceum.devserver.store.TaskRepository.TaskRow;
import ai.oceum.devserver.store.TaskRepository.TaskSummary;
import ai.oceum.devserver.store.UsageRepository.UsageTotal;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Builds the dashboard's JSON model (served at {@code /api/dashboard} and pushed over SSE) from
 * the store, in one read transaction. Top-level keys, one per dashboard section:
 * {@code serverTime}, {@code changes}, {@code agents}, {@code taskSummaries}, {@code recentTasks},
 * {@code recentRuns}, {@code errors}, {@code usage}, {@code totals}. Money is {@link BigDecimal} (written as exact decimal numbers).
 * Safe from any thread (the store serialises transactions).
 */
public final class DashboardSnapshot {
    private static final int RECENT_TASKS = 30;
    private static final int RECENT_RUNS = 10;
    private static final int ERROR_GROUPS = 30;
    /** Stack traces are cut in the model: the dashboard shows them, it does not archive them. */
    private static final int MAX_TRACE_CHARS = 16_000;

    private final Store store;
    private final Liveness liveness;
    private final LongSupplier clock;
    private final ObjectMapper mapper;
    private final LongSupplier changes;

    /** A builder over the store; {@code changes} counts the stored changes (a trace page refetches when it moves). */
    public DashboardSnapshot(
            Store store, Liveness liveness, LongSupplier clock, LongSupplier changes, ObjectMapper mapper) {
        this.store = store;
        this.liveness = liveness;
        this.clock = clock;
        this.changes = changes;
        this.mapper = mapper;
    }

    /** The current model. */
    public Map<String, Object> build() {
        return store.db().inTransaction(c -> {
            long now = clock.getAsLong();
            long changeCount = changes.getAsLong();
            List<TaskSummary> summaries = store.tasks().summaries(c);
            List<UsageTotal> usage = store.usage().totals(c);
            Map<String, Object> model = new LinkedHashMap<>();
            model.put("serverTime", now);
            model.put("changes", changeCount);
            model.put("agents", agents(store.agents().all(c), summaries, usage, now));
            model.put(
                    "taskSummaries",
                    summaries.stream().map(DashboardSnapshot::summary).toList());
            model.put(
                    "recentTasks",
                    store.tasks().recent(c, RECENT_TASKS).stream()
                            .map(DashboardSnapshot::task)
                            .toList());
            List<Map<String, Object>> runs = new ArrayList<>();
            for (TaskRow root : store.tasks().recentRoots(c, RECENT_RUNS)) {
                Map<String, Object> run = task(root);
                long[] counts = root.taskId() == null
                        ? new long[] {1, "running".equals(root.status()) ? 1 : 0, 0}
                        : store.tasks().runCounts(c, root.agentId(), root.taskId());
                run.put(
                        "state",
                        root.outcome() != null
                                        && List.of("suspended", "abandoned").contains(root.outcome())
                                ? root.outcome()
                                : root.status());
                run.put("tasks", counts[0]);
                run.put("running", counts[1]);
                run.put("failed", counts[2]);
                runs.add(run);
            }
            model.put("recentRuns", runs);
            model.put(
                    "errors",
                    store.errors().groups(c, ERROR_GROUPS).stream()
                            .map(this::error)
                            .toList());
            model.put("usage", usage.stream().map(DashboardSnapshot::usage).toList());
            Map<String, Object> totals = new LinkedHashMap<>();
            totals.put("events", store.events().count(c));
            totals.put("tasks", summaries.stream().mapToLong(TaskSummary::total).sum());
            totals.put(
                    "running",
                    summaries.stream().mapToLong(TaskSummary::running).sum());
            totals.put("errors", store.errors().count(c));
            totals.put("errorIncidents", store.errors().incidents(c));
            totals.put(
                    "tokens",
                    usage.stream()
                            .mapToLong(u -> u.tokensInput() + u.tokensOutput())
                            .sum());
            totals.put("costUsd", usage.stream().map(UsageTotal::costUsd).reduce(BigDecimal.ZERO, BigDecimal::add));
            totals.put("memories", store.memory().count(c));
            totals.put("vaultEntries", store.vault().count(c));
            model.put("totals", totals);
            return model;
        });
    }

    private List<Map<String, Object>> agents(
            List<AgentRow> rows, List<TaskSummary> summaries, List<UsageTotal> usage, long now) {
        Map<String, long[]> tasks = new HashMap<>();
        for (TaskSummary s : summaries) {
            long[] t = tasks.computeIfAbsent(s.agentId(), k -> new long[3]);
            t[0] += s.succeeded();
            t[1] += s.failed();
            t[2] += s.running();
        }
        Map<String, BigDecimal> cost = new HashMap<>();
        usage.forEach(u -> cost.merge(u.agentId(), u.costUsd(), BigDecimal::add));
        List<Map<String, Object>> out = new ArrayList<>();
        for (AgentRow a : rows) {
            long[] t = tasks.getOrDefault(a.agentId(), new long[3]);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("agentId", a.agentId());
            m.put("status", a.status());
            m.put(
                    "liveness",
                    liveness.of(a.lastHeartbeat(), a.heartbeatIntervalMs(), a.status(), now)
                            .wireName());
            m.put("lastHeartbeat", a.lastHeartbeat());
            m.put("lastSeen", a.lastSeen());
            m.put("heartbeatIntervalMs", a.heartbeatIntervalMs());
            m.put("staleAfterMs", liveness.staleAfterMs(a.heartbeatIntervalMs()));
            m.put("offlineAfterMs", liveness.offlineAfterMs(a.heartbeatIntervalMs()));
            m.put("runStartedAt", a.runStartedAt());
            m.put("heartbeats", a.heartbeats());
            m.put("events", a.eventCount());
            m.put("tasksSucceeded", t[0]);
            m.put("tasksFailed", t[1]);
            m.put("tasksRunning", t[2]);
            m.put("costUsd", cost.getOrDefault(a.agentId(), BigDecimal.ZERO));
            out.add(m);
        }
        return out;
    }

    private static Map<String, Object> summary(TaskSummary s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("agentId", s.agentId());
        m.put("name", s.name());
        m.put("total", s.total());
        m.put("succeeded", s.succeeded());
        m.put("failed", s.failed());
        m.put("running", s.running());
        long ended = s.succeeded() + s.failed();
        m.put("successRate", ended == 0 ? null : (double) s.succeeded() / ended);
        m.put("avgDurationMs", s.avgDurationMs());
        m.put("maxDurationMs", s.maxDurationMs());
        return m;
    }

    private static Map<String, Object> task(TaskRow t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("agentId", t.agentId());
        m.put("taskId", t.taskId());
        m.put("parentTaskId", t.parentTaskId());
        m.put("name", t.name());
        m.put("status", t.status());
        m.put("startedAt", t.startedAt());
        m.put("endedAt", t.endedAt());
        m.put("durationMs", t.durationMs());
        return m;
    }

    private Map<String, Object> error(ErrorGroup g) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("agentId", g.agentId());
        m.put("type", g.type());
        m.put("typeDerived", g.typeDerived());
        m.put("message", g.message());
        m.put("count", g.count());
        m.put("firstSeen", g.firstSeen());
        m.put("lastSeen", g.lastSeen());
        m.put("stackTrace", cut(g.stackTrace()));
        m.put("meta", json(g.metaJson()));
        m.put("taskName", g.taskName());
        m.put("taskId", g.taskId());
        List<Map<String, Object>> related = new ArrayList<>();
        for (RelatedError r : g.related()) {
            Map<String, Object> rm = new LinkedHashMap<>();
            rm.put("type", r.type());
            rm.put("typeDerived", r.typeDerived());
            rm.put("message", r.message());
            rm.put("meta", json(r.metaJson()));
            rm.put("occurredAt", r.occurredAt());
            related.add(rm);
        }
        m.put("related", related);
        return m;
    }

    private static Map<String, Object> usage(UsageTotal u) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("agentId", u.agentId());
        m.put("model", u.model());
        m.put("calls", u.calls());
        m.put("tokensInput", u.tokensInput());
        m.put("tokensOutput", u.tokensOutput());
        m.put("costUsd", u.costUsd());
        return m;
    }

    /** Stored meta as JSON, or its text when it was cut (no longer valid JSON). */
    private Object json(String text) {
        if (text == null) {
            return null;
        }
        try {
            return mapper.readTree(text);
        } catch (IOException e) {
            return text;
        }
    }

    private static String cut(String s) {
        return s == null || s.length() <= MAX_TRACE_CHARS
                ? s
                : s.substring(0, MAX_TRACE_CHARS) + "\n…[" + (s.length() - MAX_TRACE_CHARS) + " more characters]";
    }
}
