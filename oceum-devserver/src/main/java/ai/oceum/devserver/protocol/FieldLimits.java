package ai.oceum.devserver.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;

/**
 * The longest value each stored field may have. The schema is built from these numbers, and
 * an event with a longer identifier is refused up front with a 400 naming the field, so the
 * database never sees a value it would refuse (its error would carry SQL and schema details).
 * Free text that is only diagnostic (an error's type, message and stack trace) is cut instead.
 * Stateless; safe from any thread.
 */
public final class FieldLimits {
    /** Agent ids. */
    public static final int AGENT_ID = 200;
    /** Event ids (the idempotency key). */
    public static final int EVENT_ID = 200;
    /** Task ids and parent task ids. */
    public static final int TASK_ID = 200;
    /** Task names. */
    public static final int TASK_NAME = 1000;
    /** An agent's status text. */
    public static final int STATUS = 200;
    /** Model names. */
    public static final int MODEL = 200;
    /** An error's type (cut, not refused). */
    public static final int ERROR_TYPE = 500;
    /** An error's message (cut, not refused). */
    public static final int ERROR_MESSAGE = 8000;
    /** An error's stack trace (cut, not refused). */
    public static final int STACK_TRACE = 100_000;
    /** An error's meta object as JSON text (cut, not refused). */
    public static final int ERROR_META = 20_000;
    /** A task's kind ({@code meta.kind}) and how it ended ({@code meta.status}), cut. */
    public static final int TASK_KIND = 40;
    /** A task start's {@code meta} as compacted JSON text (kept for the trace view). */
    public static final int TASK_START_META = 4_000;
    /** A task end's {@code meta} as compacted JSON text (tool summary and counts, for the trace view). */
    public static final int TASK_END_META = 32_000;
    /** A task's {@code usageTotals} object as JSON text. */
    public static final int USAGE_TOTALS = 1_000;
    /** One memory tag. */
    public static final int TAG = 200;
    /** All tags of one memory entry, as JSON text. */
    public static final int TAGS_JSON = 20_000;
    /** Memory content, meta objects, raw event data (the body limit keeps them below). */
    public static final int LARGE_TEXT = 1_000_000;
    /** A vault entry's category. */
    public static final int VAULT_CATEGORY = 200;
    /** A vault entry's label. */
    public static final int VAULT_LABEL = 1000;
    /** A vault entry's allowed agents or target domains, comma-separated. */
    public static final int VAULT_LIST = 10_000;
    /** A vault injection template. */
    public static final int VAULT_TEMPLATE = 2000;
    /** A vault token as stored. */
    public static final int VAULT_TOKEN = 100;
    /**
     * A vault secret in UTF-8 bytes: sealed (nonce and tag added) and base64-encoded it must
     * fit {@link #LARGE_TEXT} characters.
     */
    public static final int VAULT_SECRET_BYTES = 700_000;

    private FieldLimits() {}

    /**
     * Refuses a text field of {@code data} longer than {@code max} characters.
     *
     * @throws ApiError 400 naming {@code data.<field>}
     */
    public static void check(JsonNode data, String field, int max) {
        String v = IncomingEvent.text(data, field);
        if (v != null && v.length() > max) {
            throw tooLong("data." + field, max);
        }
    }

    /** Refuses a value longer than {@code max} characters, naming it {@code name}. */
    public static void check(String value, String name, int max) {
        if (value != null && value.length() > max) {
            throw tooLong(name, max);
        }
    }

    /** Refuses a secret whose UTF-8 form is larger than {@link #VAULT_SECRET_BYTES}. */
    public static void checkSecret(String secret) {
        if (secret.getBytes(StandardCharsets.UTF_8).length > VAULT_SECRET_BYTES) {
            throw ApiError.badRequest("data.data (the secret) is larger than " + VAULT_SECRET_BYTES + " bytes");
        }
    }

    private static ApiError tooLong(String name, int max) {
        return ApiError.badRequest(name + " is longer than " + max + " characters");
    }

    /** Cuts free text to {@code max} characters, marking the cut. */
    public static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
