package ai.oceum.devserver.processing;

import ai.oceum.devserver.protocol.ApiError;
import ai.oceum.devserver.protocol.EventType;
import ai.oceum.devserver.protocol.FieldLimits;
import ai.oceum.devserver.protocol.IncomingEvent;
import ai.oceum.devserver.store.AgentRepository;
import ai.oceum.devserver.store.ErrorRepository.ErrorRecord;
import ai.oceum.devserver.store.EventLog.StoredAnswer;
import ai.oceum.devserver.store.Store;
import ai.oceum.devserver.store.TaskRepository;
import ai.oceum.devserver.vault.VaultService;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Applies one webhook event to the store in one transaction and answers it. An event whose
 * idempotency key was seen before gets the first answer again and changes nothing; an event
 * refused with an {@link ApiError} leaves nothing behind. Vault reads ({@code vault_retrieve},
 * {@code vault_proxy}) are answered without being recorded, so their answers (the secret, the
 * target's body) are never stored.
 */
public final class EventProcessor {
    private final Store store;
    private final UsageRecorder usage;
    private final VaultService vault;
    private final AgentRepository.NewRunRule newRun;
    private final ObjectMapper mapper;
    private final Runnable onChange;

    /** The answer to one event. */
    public record Answer(int status, String json, boolean replayed) {}

    /**
     * A processor; {@code newRun} decides when a heartbeat starts a new run of its agent,
     * {@code onChange} runs after each stored change (the dashboard's signal).
     */
    public EventProcessor(
            Store store,
            UsageRecorder usage,
            VaultService vault,
            AgentRepository.NewRunRule newRun,
            ObjectMapper mapper,
            Runnable onChange) {
        this.store = store;
        this.usage = usage;
        this.vault = vault;
        this.newRun = newRun;
        this.mapper = mapper;
        this.onChange = onChange;
    }

    /** Processes an event; throws {@link ApiError} for a refusal. */
    public Answer process(IncomingEvent e) {
        checkLengths(e);
        if (e.type() == EventType.VAULT_RETRIEVE) {
            return new Answer(200, json(vault.retrieve(e)), false);
        }
        if (e.type() == EventType.VAULT_PROXY) {
            return new Answer(200, json(vault.proxy(e)), false);
        }
        Answer answer = store.db().inTransaction(c -> {
            if (e.eventId() != null) {
                Optional<StoredAnswer> earlier = store.events().answered(c, e.eventId());
                if (earlier.isPresent()) {
                    return new Answer(earlier.get().status(), earlier.get().body(), true);
                }
            }
            String json = json(apply(c, e));
            if (e.eventId() != null) {
                store.events().remember(c, e.eventId(), 200, json, e.receivedAt());
            }
            return new Answer(200, json, false);
        });
        if (!answer.replayed()) {
            onChange.run();
        }
        return answer;
    }

    private Map<String, Object> apply(Connection c, IncomingEvent e) throws SQLException {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("ok", true);
        answer.put("event", e.type().wireName());
        answer.put("agentId", e.agentId());
        if (e.eventId() != null) {
            answer.put("eventId", e.eventId());
        }
        store.agents().touch(c, e.agentId(), e.receivedAt());
        if (!e.type().isVault()) {
            store.events()
                    .append(
                            c,
                            e.eventId(),
                            e.agentId(),
                            e.type().wireName(),
                            e.occurredAt(),
                            e.receivedAt(),
                            e.data().toString());
        }
        switch (e.type()) {
            case HEARTBEAT -> {
                store.agents().heartbeat(c, e.agentId(), e.occurredAt(), e.receivedAt(), newRun);
                if (e.text("status") != null) {
                    store.agents().status(c, e.agentId(), e.text("status"));
                }
            }
            case STATUS -> store.agents().status(c, e.agentId(), require(e, "status"));
            case TASK_START -> {
                usage.checkBudget(c, e.agentId());
                store.tasks()
                        .start(
                                c,
                                e.agentId(),
                                taskId(e),
                                parentTaskId(e),
                                taskName(e),
                                e.occurredAt(),
                                TaskEventDetails.ofStart(e));
            }
            case TASK_COMPLETE -> {
                store.tasks()
                        .finish(
                                c,
                                e.agentId(),
                                taskId(e),
                                parentTaskId(e),
                                taskName(e),
                                TaskRepository.SUCCEEDED,
                                e.occurredAt(),
                                e.number("durationMs"),
                                TaskEventDetails.ofEnd(e));
                JsonNode inline = inlineUsage(e);
                if (inline != null) {
                    answer.putAll(usage.record(c, e, inline));
                }
            }
            case ERROR -> error(c, e);
            case USAGE -> answer.putAll(usage.record(c, e, e.data()));
            case MEMORY -> answer.put("id", memory(c, e));
            case VAULT_STORE -> answer.putAll(vault.store(c, e));
            case VAULT_REVOKE -> answer.putAll(vault.revoke(c, e));
            default -> throw new IllegalStateException("not a stored event: " + e.type());
        }
        return answer;
    }

    private void error(Connection c, IncomingEvent e) throws SQLException {
        JsonNode trace = e.data().get("stackTrace");
        String stack = trace == null || trace.isNull() ? null : trace.isTextual() ? trace.asText() : trace.toString();
        String message = e.text("message");
        JsonNode meta = e.data().get("meta");
        String type = e.text("type");
        boolean derived = type == null;
        if (derived) {
            type = ErrorTypes.derive(meta);
        }
        boolean failure =
                "failed".equalsIgnoreCase(e.text("taskStatus")) && (e.taskName() != null || taskId(e) != null);
        store.errors()
                .add(
                        c,
                        new ErrorRecord(
                                e.agentId(),
                                type,
                                derived,
                                message == null ? "(no message)" : message,
                                stack,
                                e.taskName(),
                                taskId(e),
                                failure,
                                meta == null || meta.isNull() ? null : meta.toString(),
                                e.occurredAt(),
                                failure && consequence(meta)));
        if (failure) {
            store.tasks()
                    .finish(
                            c,
                            e.agentId(),
                            taskId(e),
                            parentTaskId(e),
                            taskName(e),
                            TaskRepository.FAILED,
                            e.occurredAt(),
                            e.number("durationMs"),
                            TaskEventDetails.ofEnd(e));
        }
    }

    /** A failure that began in another task: the agentic adapter marks an ancestor it failed with {@code failureOrigin: false}. */
    private static boolean consequence(JsonNode meta) {
        JsonNode origin = meta == null ? null : meta.get("failureOrigin");
        return origin != null && origin.isBoolean() && !origin.asBoolean();
    }

    private long memory(Connection c, IncomingEvent e) throws SQLException {
        JsonNode content = e.data().get("content");
        if (content == null || content.isNull()) {
            throw ApiError.badRequest("memory needs data.content");
        }
        List<String> tags = new ArrayList<>();
        JsonNode t = e.data().get("tags");
        if (t != null && t.isArray()) {
            t.forEach(n -> tags.add(n.asText().strip()));
        } else if (t != null && t.isTextual()) {
            tags.addAll(Arrays.asList(t.asText().split(",")));
        }
        List<String> clean = tags.stream()
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .distinct()
                .toList();
        if (clean.stream().anyMatch(s -> s.length() > FieldLimits.TAG)) {
            throw ApiError.badRequest("data.tags: each tag must be at most " + FieldLimits.TAG + " characters");
        }
        String tagsJson = json(clean);
        FieldLimits.check(tagsJson, "data.tags (all together, as JSON)", FieldLimits.TAGS_JSON);
        JsonNode meta = e.data().get("meta");
        return store.memory()
                .add(
                        c,
                        e.agentId(),
                        content.isTextual() ? content.asText() : content.toString(),
                        clean,
                        tagsJson,
                        meta == null || meta.isNull() ? null : meta.toString(),
                        e.occurredAt());
    }

    private static JsonNode inlineUsage(IncomingEvent e) {
        JsonNode u = e.data().get("usage");
        if (u == null && e.data().get("meta") != null) {
            u = e.data().get("meta").get("usage");
        }
        return u != null && u.isObject() ? u : null;
    }

    private static String taskName(IncomingEvent e) {
        String name = e.taskName();
        return name == null ? TaskRepository.UNNAMED : name;
    }

    private static String taskId(IncomingEvent e) {
        return e.firstText("taskId", "task_id");
    }

    private static String parentTaskId(IncomingEvent e) {
        return e.firstText("parentTaskId", "parent_task_id");
    }

    /** Refuses identifiers longer than their columns, naming the field (free text is cut instead). */
    private static void checkLengths(IncomingEvent e) {
        JsonNode d = e.data();
        for (String f : new String[] {"taskId", "task_id", "parentTaskId", "parent_task_id"}) {
            FieldLimits.check(d, f, FieldLimits.TASK_ID);
        }
        for (String f : new String[] {"taskName", "name", "task_name"}) {
            FieldLimits.check(d, f, FieldLimits.TASK_NAME);
        }
        FieldLimits.check(d, "status", FieldLimits.STATUS);
    }

    private static String require(IncomingEvent e, String field) {
        String v = e.text(field);
        if (v == null) {
            throw ApiError.badRequest(e.type().wireName() + " needs data." + field);
        }
        return v;
    }

    private String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("cannot write the answer as JSON", ex);
        }
    }
}
