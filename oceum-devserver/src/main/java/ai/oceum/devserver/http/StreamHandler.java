package ai.oceum.devserver.http;

import ai.oceum.devserver.dashboard.Broadcaster;
import ai.oceum.devserver.protocol.ApiError;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;

/**
 * {@code GET /api/stream}: server-sent events, one {@code snapshot} event per change. The
 * exchange stays open after this returns (the broadcaster writes to it), so the worker thread
 * is free again at once.
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
            ex.getRequestBody().close();
            broadcaster.open(ex);
        } catch (ApiError e) {
            HttpIo.json(ex, e.status(), mapper.writeValueAsString(e.body()));
            ex.close();
        }
    }
}
