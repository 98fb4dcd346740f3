package ai.oceum.devserver.http;

import ai.oceum.devserver.dashboard.DashboardSnapshot;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;

/** {@code GET /api/dashboard}: the dashboard's model as one JSON object. */
public final class SnapshotHandler extends JsonHandler {
    private final DashboardAccess access;
    private final DashboardSnapshot snapshot;

    /** A handler. */
    public SnapshotHandler(ApiKeyCheck keys, DashboardSnapshot snapshot, ObjectMapper mapper) {
        super("GET", mapper);
        this.access = new DashboardAccess(keys);
        this.snapshot = snapshot;
    }

    @Override
    Result respond(HttpExchange ex) throws IOException {
        access.require(ex);
        return ok(snapshot.build());
    }
}
