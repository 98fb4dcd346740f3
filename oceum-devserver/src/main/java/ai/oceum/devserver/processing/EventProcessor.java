package ai.oceum.devserver.processing;

import ai.oceum.devserver.protocol.ApiError;
import ai.oceum.devserver.protocol.EventType;
import ai.oceum.devserver.protocol.IncomingEvent;
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
    private final ObjectMapper mapper;
    private final Runnable onChange;

    /** The answer to one event. */
    public record Answer(int status, String json, boolean replayed) {
    }

    /** A processor; {@code onChange} runs after each stored change (the dashboard's signal). */
    public EventProcessor(Store store, UsageRecorder usage, VaultService vault, ObjectMapper mapper, Runnable onChange) {
        this.store = store;
        this.usage = usage;
        this.vault = vault;
        this.mapper = mapper;
        this.onChange = onChange;
    }

    /** Processes an event; throws {@link ApiError} for a refusal. */
    public Answer process(IncomingEvent e) {
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
            store.events().append(c, e.eventId(), e.agentId(), e.type().wireName(), e.occurredAt(), e.receivedAt(), e.data().toString());
        }
        switch (e.type()) {
            case HEARTBEAT -> {
                store.agents().heartbeat(c, e.agentId(), e.receivedAt());
                if (e.text("status") != null) {
                    store.agents().status(c, e.agentId(), e.text("status"));
                }
            }
            case STATUS -> store.agents().status(c, e.agentId(), require(e, "status"));
            case TASK_START -> {
                usage.checkBudget(c, e.agentId());
                store.tasks().start(c, e.agentId(), e.firstText("taskId", "task_id"), e.text("parentTaskId"), taskName(e),
                        e.occurredAt());
            }
            case TASK_COMPLETE -> {
                store.tasks().finish(c, e.agentId(), e.firstText("taskId", "task_id"), taskName(e), TaskRepository.SUCCEEDED,
                        e.occurredAt(), e.number("durationMs"));
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
        store.errors().add(c, e.agentId(), e.text("type"), message == null ? "(no message)" : message, stack, e.taskName(),
                e.occurredAt());
        if ("failed".equalsIgnoreCase(e.text("taskStatus")) && (e.taskName() != null || e.text("taskId") != null)) {
            store.tasks().finish(c, e.agentId(), e.text("taskId"), e.taskName() == null ? "unnamed-task" : e.taskName(),
                    TaskRepository.FAILED, e.occurredAt(), e.number("durationMs"));
        }
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
        List<String> clean = tags.stream().map(String::strip).filter(s -> !s.isEmpty()).distinct().toList();
        if (clean.stream().anyMatch(s -> s.length() > 200)) {
            throw ApiError.badRequest("memory tags must be at most 200 characters");
        }
        JsonNode meta = e.data().get("meta");
        return store.memory().add(c, e.agentId(), content.isTextual() ? content.asText() : content.toString(), clean,
                json(clean), meta == null || meta.isNull() ? null : meta.toString(), e.occurredAt());
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
        return name == null ? "unnamed-task" : name;
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
