package ai.oceum.devserver.http;

import ai.oceum.devserver.protocol.ApiError;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reading requests and writing JSON answers on a {@code com.sun.net.httpserver} exchange. */
final class HttpIo {
    private HttpIo() {}

    /** Writes a JSON answer and closes the exchange, within the answer's I/O deadline. */
    static void json(HttpExchange ex, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        RequestDeadlines.io(() -> {
            ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
            ex.close();
            return null;
        });
    }

    /**
     * Reads the body (already in memory: {@link RequestGuard} read it), refusing more than
     * {@code max} bytes with 413.
     */
    static byte[] body(HttpExchange ex, int max) throws IOException {
        String length = ex.getRequestHeaders().getFirst("Content-Length");
        if (length != null) {
            try {
                if (Long.parseLong(length.strip()) > max) {
                    throw tooLarge(max);
                }
            } catch (NumberFormatException e) {
                throw ApiError.badRequest("Content-Length is not a number");
            }
        }
        try (InputStream in = ex.getRequestBody()) {
            byte[] bytes = in.readNBytes(max + 1);
            if (bytes.length > max) {
                throw tooLarge(max);
            }
            return bytes;
        }
    }

    /** The query parameters (first value of each). */
    static Map<String, String> query(HttpExchange ex) {
        Map<String, String> params = new LinkedHashMap<>();
        String raw = ex.getRequestURI().getRawQuery();
        if (raw == null || raw.isEmpty()) {
            return params;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.putIfAbsent(k, v);
        }
        return params;
    }

    /** A {@code limit} parameter between 1 and 1000, or the default. */
    static int limit(Map<String, String> query, int dflt) {
        String v = query.get("limit");
        if (v == null || v.isBlank()) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(v.strip());
            if (n >= 1 && n <= 1000) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw ApiError.badRequest("limit must be a whole number from 1 to 1000, was '" + v + "'");
    }

    /** A text parameter, null when absent or blank. */
    static String param(Map<String, String> query, String name) {
        String v = query.get(name);
        return v == null || v.isBlank() ? null : v.strip();
    }

    static ApiError tooLarge(int max) {
        return new ApiError(413, "the body is larger than " + max + " bytes");
    }
}
