package ai.oceum.devserver.http;

import ai.oceum.devserver.dashboard.Broadcaster;
import ai.oceum.devserver.protocol.ApiError;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /api/stream}: server-sent events, one {@code snapshot} event per change. The
 * exchange stays open after this returns (the broadcaster's writer for this stream writes to
 * it), so the worker thread is free again at once.
 */
public final class StreamHandler implements HttpHandler {
    private final DashboardAccess access;
    private final Broadcaster broadcaster;
    private final ObjectMapper mapper;

    /** A handler. */
    public StreamHandler(ApiKeyCheck keys, Broadcaster broadcaster, ObjectMapper mapper) {
        this.access = new DashboardAccess(keys);
        this.broadcaster = broadcaster;
        this.mapper = mapper;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        try {
            if (!ex.getRequestMethod().equalsIgnoreCase("GET")) {
                throw new ApiError(405, "use GET");
            }
            access.require(ex);
            if (!broadcaster.hasRoom()) {
                throw new ApiError(
                        503,
                        "too many open dashboard streams (" + Broadcaster.MAX_STREAMS + "): close a dashboard tab");
            }
            ex.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
            ex.getResponseHeaders().set("Cache-Control", "no-store");
            ex.getResponseHeaders().set("X-Accel-Buffering", "no");
            RequestDeadlines.io(() -> {
                ex.sendResponseHeaders(200, 0);
                ex.getResponseBody().write("retry: 1000\n\n".getBytes(StandardCharsets.UTF_8));
                ex.getResponseBody().flush();
                return null;
            });
            broadcaster.open(ex);
        } catch (ApiError e) {
            HttpIo.json(ex, e.status(), mapper.writeValueAsString(e.body()));
        }
    }
}
