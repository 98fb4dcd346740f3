package ai.oceum.devserver.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Reads a webhook body in either dialect (reference: {@code agentId}, {@code task_start};
 * tutorial: {@code agent_id}, {@code taskStart}) into an {@link IncomingEvent}, or refuses it
 * with a 400 that says what is wrong.
 */
public final class EnvelopeParser {
    /** The longest agent id accepted. */
    public static final int MAX_AGENT_ID = 200;

    private static final int MAX_EVENT_ID = 200;

    private final ObjectMapper mapper;

    /** A parser using this mapper. */
    public EnvelopeParser(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /**
     * Parses one request body.
     *
     * @param body the raw body
     * @param idempotencyHeader the {@code Idempotency-Key} header, or null
     * @param receivedAt now, epoch ms
     * @throws ApiError 400 for malformed JSON, a missing field or an unknown event
     */
    public IncomingEvent parse(byte[] body, String idempotencyHeader, long receivedAt) {
        JsonNode root;
        try {
            root = mapper.readTree(body);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null
                    ? ""
                    : " (line " + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr() + ")";
            throw ApiError.badRequest("malformed JSON" + where + ": " + withoutQuotedInput(e.getOriginalMessage()));
        } catch (java.io.IOException e) {
            throw ApiError.badRequest("unreadable body: " + e.getClass().getSimpleName());
        }
        if (root == null || !root.isObject()) {
            throw ApiError.badRequest(
                    "the body must be a JSON object like {\"event\": \"heartbeat\", \"agentId\": \"my-agent\", \"data\": {}}");
        }
        String eventName = IncomingEvent.text(root, "event");
        if (eventName == null) {
            throw ApiError.badRequest("missing 'event'; known events: " + EventType.knownNames());
        }
        EventType type = EventType.fromWire(eventName)
                .orElseThrow(() -> ApiError.badRequest(
                        "unknown event '" + shorten(eventName) + "'; known events: " + EventType.knownNames()));
        String agentId = firstText(root, "agentId", "agent_id");
        if (agentId == null) {
            throw ApiError.badRequest("missing 'agentId' (or 'agent_id')");
        }
        if (agentId.length() > MAX_AGENT_ID) {
            throw ApiError.badRequest("agentId is longer than " + MAX_AGENT_ID + " characters");
        }
        JsonNode data = root.get("data");
        if (data != null && !data.isNull() && !data.isObject()) {
            throw ApiError.badRequest("'data' must be a JSON object");
        }
        ObjectNode dataObject = data == null || data.isNull() ? mapper.createObjectNode() : (ObjectNode) data;
        String eventId = idempotencyHeader != null && !idempotencyHeader.isBlank()
                ? idempotencyHeader.strip()
                : firstText(root, "eventId", "event_id");
        if (eventId != null && eventId.length() > MAX_EVENT_ID) {
            throw ApiError.badRequest("Idempotency-Key / eventId is longer than " + MAX_EVENT_ID + " characters");
        }
        return new IncomingEvent(type, agentId.strip(), eventId, occurredAt(root, receivedAt), receivedAt, dataObject);
    }

    private static long occurredAt(JsonNode root, long receivedAt) {
        JsonNode ts = root.get("timestamp");
        if (ts == null || ts.isNull()) {
            return receivedAt;
        }
        if (ts.isNumber()) {
            return ts.asLong();
        }
        try {
            return Instant.parse(ts.asText().strip()).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw ApiError.badRequest(
                    "'timestamp' must be an ISO-8601 instant like 2026-11-25T11:30:00.123Z or epoch milliseconds");
        }
    }

    private static String firstText(JsonNode root, String... fields) {
        for (String f : fields) {
            String v = IncomingEvent.text(root, f);
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    /**
     * Jackson's message quotes the offending input ("Unrecognized token 'odk_…'"): a key or secret
     * pasted into the wrong place would come back in the answer. Quoted runs are elided.
     */
    static String withoutQuotedInput(String message) {
        return message == null
                ? ""
                : message.replaceAll("'[^']{9,}'", "'…'").replaceAll("\\(String\\)\"[^\"]*\"", "(String)\"…\"");
    }

    private static String shorten(String s) {
        return s.length() <= 60 ? s : s.substring(0, 60) + "…";
    }
}
