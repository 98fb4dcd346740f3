package ai.oceum.langchain4j.agentic;

import static org.assertj.core.api.Assertions.assertThat;

import ai.oceum.testing.TestReceiver.Recorded;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The delivered events read back as tasks (start + end) with their usage events and errors. */
final class Trace {
    final List<Task> tasks;
    final List<JsonNode> usage = new ArrayList<>();
    /** {@code error} events that are not a task's end (model and tool failures). */
    final List<JsonNode> errors = new ArrayList<>();

    private Trace(List<Task> tasks) {
        this.tasks = tasks;
    }

    static Trace of(List<Recorded> recorded) {
        // Delivery is at least once: a request that timed out on a loaded machine after the
        // receiver took it is sent again with the same Idempotency-Key. Such a copy is the same
        // event, not a second start; a second start with another key would still fail below.
        Map<String, Recorded> unique = new LinkedHashMap<>();
        for (Recorded r : recorded) {
            unique.putIfAbsent(r.eventId() == null ? "#" + r.number() : r.eventId(), r);
        }
        List<Recorded> events = new ArrayList<>(unique.values());
        Map<String, Task> byId = new LinkedHashMap<>();
        List<JsonNode> usage = new ArrayList<>();
        List<JsonNode> errors = new ArrayList<>();
        // Starts first: the client sends a few events at once, so one may overtake another.
        for (Recorded r : events) {
            if ("task_start".equals(r.eventType())) {
                String id = r.data().path("taskId").asText(null);
                assertThat(byId.put(id, new Task(id, r.data())))
                        .as("second start of " + id)
                        .isNull();
            }
        }
        for (Recorded r : events) {
            JsonNode d = r.data();
            String id = d.path("taskId").asText(null);
            switch (r.eventType()) {
                case "task_complete" -> byId.get(id).end("task_complete", d);
                case "error" -> {
                    if ("failed".equals(d.path("taskStatus").asText())) {
                        byId.get(id).end("error", d);
                    } else {
                        errors.add(d);
                    }
                }
                case "usage" -> usage.add(d);
                default -> {}
            }
        }
        Trace t = new Trace(new ArrayList<>(byId.values()));
        t.usage.addAll(usage);
        t.errors.addAll(errors);
        return t;
    }

    /** The only task named {@code name}. */
    Task only(String name) {
        List<Task> named = named(name);
        assertThat(named).as("tasks named " + name + " in " + tasks).hasSize(1);
        return named.get(0);
    }

    List<Task> named(String name) {
        return tasks.stream().filter(t -> t.name.equals(name)).toList();
    }

    List<Task> children(Task parent) {
        return tasks.stream().filter(t -> parent.id.equals(t.parentId)).toList();
    }

    List<Task> roots() {
        return tasks.stream().filter(t -> t.parentId == null).toList();
    }

    /** Usage events tied to {@code task}. */
    List<JsonNode> usageOf(Task task) {
        return usage.stream()
                .filter(u -> task.id.equals(u.path("taskId").asText(null)))
                .toList();
    }

    /** Every task has ended, exactly once. */
    void assertAllEnded() {
        assertThat(tasks)
                .allSatisfy(t -> assertThat(t.endType).as("end of " + t).isNotNull());
    }

    @Override
    public String toString() {
        return tasks.toString();
    }

    /** One task: its {@code task_start} and its end ({@code task_complete}, or {@code error} when failed). */
    static final class Task {
        final String id;
        final String name;
        final String parentId;
        final JsonNode start;
        String endType;
        JsonNode end;

        Task(String id, JsonNode start) {
            this.id = Objects.requireNonNull(id, "taskId");
            this.name = start.path("taskName").asText();
            this.parentId = start.path("parentTaskId").asText(null);
            this.start = start;
        }

        void end(String type, JsonNode data) {
            assertThat(endType).as("second end of " + name + " " + id).isNull();
            this.endType = type;
            this.end = data;
        }

        JsonNode meta() {
            return start.path("meta");
        }

        JsonNode endMeta() {
            return end.path("meta");
        }

        String status() {
            return endMeta().path("status").asText();
        }

        long ownInput() {
            return endMeta().path("tokensInput").asLong(-1);
        }

        long ownOutput() {
            return endMeta().path("tokensOutput").asLong(-1);
        }

        long subtreeInput() {
            return end.path("usageTotals").path("tokensInput").asLong(0);
        }

        long subtreeOutput() {
            return end.path("usageTotals").path("tokensOutput").asLong(0);
        }

        @Override
        public String toString() {
            return name + "(" + meta().path("agentId").asText() + ", " + (endType == null ? "open" : status()) + ")";
        }
    }
}
