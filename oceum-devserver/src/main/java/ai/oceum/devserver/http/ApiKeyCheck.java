package ai.oceum.devserver.http;

import ai.oceum.devserver.protocol.ApiError;
import com.sun.net.httpserver.HttpExchange;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Checks the API key of a request: {@code Authorization: Bearer <key>} (reference SDK) or
 * {@code x-api-key: <key>} (tutorial), compared in constant time. Messages never echo the key.
 */
public final class ApiKeyCheck {
    private final byte[] key;

    /** A check against {@code apiKey}. */
    public ApiKeyCheck(String apiKey) {
        this.key = apiKey.getBytes(StandardCharsets.UTF_8);
    }

    /** Throws 401 unless the request carries the key. */
    void require(HttpExchange ex) {
        String presented = presented(ex);
        if (presented == null) {
            throw new ApiError(401, "missing API key: send 'Authorization: Bearer <key>' or 'x-api-key: <key>'");
        }
        if (!matches(presented)) {
            throw new ApiError(401, "invalid API key");
        }
    }

    /** Whether the request (or its {@code key} query parameter) carries the key. */
    boolean presentIn(HttpExchange ex, String queryKey) {
        String presented = presented(ex);
        return presented != null && matches(presented) || queryKey != null && matches(queryKey);
    }

    private boolean matches(String presented) {
        return MessageDigest.isEqual(key, presented.getBytes(StandardCharsets.UTF_8));
    }

    private static String presented(HttpExchange ex) {
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return auth.substring(7).strip();
        }
        String header = ex.getRequestHeaders().getFirst("x-api-key");
        return header == null ? null : header.strip();
    }
}
