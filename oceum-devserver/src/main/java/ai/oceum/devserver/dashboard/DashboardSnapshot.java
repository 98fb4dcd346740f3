package ai.oceum.devserver.dashboard;

import ai.oceum.devserver.store.AgentRepository.AgentRow;
import ai.oceum.devserver.store.ErrorRepository.ErrorGroup;
import ai.oceum.devserver.store.Store;
import ai.oceum.devserver.store.TaskRepository.TaskRow;
import ai.oceum.devserver.store.TaskRepository.TaskSummary;
import ai.oceum.devserver.store.UsageRepository.UsageTotal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/** Builds the dashboard's JSON model (served at {@code /api/dashboard} and pushed over SSE) from the store. */
public final class DashboardSnapshot {
    private static final int RECENT_TASKS = 30;
    private static final int ERROR_GROUPS = 30;

    private final Store store;
    private final Liveness liveness;
    private final LongSupplier clock;

    /** A builder over the store. */
    public DashboardSnapshot(Store store, Liveness liveness, LongSupplier clock) {
        this.store = store;
        this.liveness = liveness;
        this.clock = clock;
    }

    /** The current model. */
    public Map<String, Object> build() {
        return store.db().inTransaction(c -> {
            long now = clock.getAsLong();
            List<TaskSummary> summaries = store.tasks().summaries(c);
            List<UsageTotal> usage = store.usage().totals(c);
            Map<String, Object> model = new LinkedHashMap<>();
            model.put("serverTime", now);
            model.put("agents", agents(store.agents().all(c), summaries, usage, now));
            model.put("taskSummaries", summaries.stream().map(DashboardSnapshot::summary).toList());
            model.put("recentTasks", store.tasks().recent(c, RECENT_TASKS).stream().map(DashboardSnapshot::task).toList());
            model.put("errors", store.errors().groups(c, ERROR_GROUPS).stream().map(DashboardSnapshot::error).toList());
            model.put("usage", usage.stream().map(DashboardSnapshot::usage).toList());
            Map<String, Object> totals = new LinkedHashMap<>();
            totals.put("events", store.events().count(c));
            totals.put("tasks", summaries.stream().mapToLong(TaskSummary::total).sum());
            totals.put("errors", store.errors().count(c));
            totals.put("tokens", usage.stream().mapToLong(u -> u.tokensInput() + u.tokensOutput()).sum());
            totals.put("costUsd", usage.stream().mapToDouble(UsageTotal::costUsd).sum());
            totals.put("memories", store.memory().count(c));
            totals.put("vaultEntries", store.vault().count(c));
            model.put("totals", totals);
            return model;
        });
    }

    private List<Map<String, Object>> agents(List<AgentRow> rows, List<TaskSummary> summaries, List<UsageTotal> usage, long now) {
        Map<String, long[]> tasks = new HashMap<>();
        for (TaskSummary s : summaries) {
            long[] t = tasks.computeIfAbsent(s.agentId(), k -> new long[3]);
            t[0] += s.succeeded();
            t[1] += s.failed();
            t[2] += s.running();
        }
        Map<String, Double> cost = new HashMap<>();
        usage.forEach(u -> cost.merge(u.agentId(), u.costUsd(), Double::sum));
        List<Map<String, Object>> out = new ArrayList<>();
        for (AgentRow a : rows) {
            long[] t = tasks.getOrDefault(a.agentId(), new long[3]);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("agentId", a.agentId());
            m.put("status", a.status());
            m.put("liveness", liveness.of(a.lastHeartbeat(), a.heartbeatIntervalMs(), now));
            m.put("lastHeartbeat", a.lastHeartbeat());
            m.put("lastSeen", a.lastSeen());
            m.put("heartbeatIntervalMs", a.heartbeatIntervalMs());
            m.put("degradedAfterMs", liveness.degradedAfterMs(a.heartbeatIntervalMs()));
            m.put("events", a.eventCount());
            m.put("tasksSucceeded", t[0]);
            m.put("tasksFailed", t[1]);
            m.put("tasksRunning", t[2]);
            m.put("costUsd", cost.getOrDefault(a.agentId(), 0.0));
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
        m.put("name", t.name());
        m.put("status", t.status());
        m.put("startedAt", t.startedAt());
        m.put("endedAt", t.endedAt());
        m.put("durationMs", t.durationMs());
        return m;
    }

    private static Map<String, Object> error(ErrorGroup g) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("agentId", g.agentId());
        m.put("type", g.type());
        m.put("message", g.message());
        m.put("count", g.count());
        m.put("firstSeen", g.firstSeen());
        m.put("lastSeen", g.lastSeen());
        m.put("stackTrace", g.stackTrace());
        m.put("taskName", g.taskName());
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
}
