package ai.oceum.devserver.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One webhook event, normalised from either dialect.
 *
 * @param type the event type
 * @param agentId the agent ({@code agentId} or {@code agent_id})
 * @param eventId the idempotency key ({@code Idempotency-Key} header, else {@code eventId}), or null
 * @param occurredAt when it happened on the agent (envelope {@code timestamp}), else when received, epoch ms
 * @param receivedAt when the server received it, epoch ms
 * @param data the {@code data} object, never null
 */
public record IncomingEvent(
        EventType type, String agentId, String eventId, long occurredAt, long receivedAt, ObjectNode data) {

    /** A text field of {@code data}, or null when absent, null or blank. */
    public String text(String field) {
        return text(data, field);
    }

    /** The first present text field among {@code fields}. */
    public String firstText(String... fields) {
        for (String f : fields) {
            String v = text(f);
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    /** A whole-number field of {@code data}, or null. */
    public Long number(String field) {
        JsonNode n = data.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (n.isNumber()) {
            return n.asLong();
        }
        if (n.isTextual()) {
            try {
                return Long.parseLong(n.asText().strip());
            } catch (NumberFormatException e) {
                throw ApiError.badRequest("data." + field + " must be a number, was '" + n.asText() + "'");
            }
        }
        throw ApiError.badRequest("data." + field + " must be a number");
    }

    /** The task name: {@code taskName} (reference) or {@code name} (tutorial dialect). */
    public String taskName() {
        return firstText("taskName", "name", "task_name");
    }

    /** A text field of a JSON object, or null when absent, null or blank. */
    public static String text(JsonNode node, String field) {
        JsonNode n = node == null ? null : node.get(field);
        if (n == null || n.isNull() || n.isContainerNode()) {
            return null;
        }
        String s = n.asText();
        return s.isBlank() ? null : s;
    }
}
