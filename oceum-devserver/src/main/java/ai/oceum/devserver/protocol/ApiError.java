package ai.oceum.devserver.protocol;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A request the server refuses: the HTTP status and a message for the caller. Thrown anywhere
 * while handling a request; the transaction rolls back so nothing of the request is stored.
 * Messages never hold the API key or vault data.
 */
public final class ApiError extends RuntimeException {
    private final int status;
    private final Map<String, Object> extra;

    /** A refusal with a status and a message. */
    public ApiError(int status, String message) {
        this(status, message, Map.of());
    }

    /** A refusal with extra answer fields. */
    public ApiError(int status, String message, Map<String, Object> extra) {
        super(message, null, false, false);
        this.status = status;
        this.extra = Map.copyOf(extra);
    }

    /** A 400 Bad Request. */
    public static ApiError badRequest(String message) {
        return new ApiError(400, message);
    }

    /** The HTTP status. */
    public int status() {
        return status;
    }

    /** The JSON answer: {@code {"ok": false, "error": message, ...extra}}. */
    public Map<String, Object> body() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("ok", false);
        body.put("error", getMessage());
        body.putAll(extra);
        return body;
    }
}
