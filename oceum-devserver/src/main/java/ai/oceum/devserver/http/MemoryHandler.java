package ai.oceum.devserver.http;

import ai.oceum.devserver.store.MemoryRepository.MemoryRow;
import ai.oceum.devserver.store.Store;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code GET /api/memory?tag=&limit=}: the newest shared-memory entries, as {@code {entries, count}}. */
public final class MemoryHandler extends JsonHandler {
    private static final int DEFAULT_LIMIT = 20;

    private final ApiKeyCheck keys;
    private final Store store;

    /** A handler. */
    public MemoryHandler(ApiKeyCheck keys, Store store, ObjectMapper mapper) {
        super("GET", mapper);
        this.keys = keys;
        this.store = store;
    }

    @Override
    Result respond(HttpExchange ex) throws IOException {
        keys.require(ex);
        Map<String, String> q = HttpIo.query(ex);
        String tag = HttpIo.param(q, "tag");
        int limit = HttpIo.limit(q, DEFAULT_LIMIT);
        List<MemoryRow> rows = store.db().inTransaction(c -> store.memory().read(c, tag, limit));
        List<Map<String, Object>> entries = new ArrayList<>();
        for (MemoryRow r : rows) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("id", String.valueOf(r.id()));
            e.put("content", r.content());
            e.put("tags", mapper.readTree(r.tagsJson()));
            e.put("agentId", r.agentId());
            e.put("createdAt", Instant.ofEpochMilli(r.createdAt()).toString());
            e.put("meta", r.metaJson() == null ? null : mapper.readTree(r.metaJson()));
            entries.add(e);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("entries", entries);
        body.put("count", entries.size());
        return ok(body);
    }
}
