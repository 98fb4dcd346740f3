package ai.oceum;

import static ai.oceum.RemoteAnswers.entryList;
import static ai.oceum.RemoteAnswers.str;
import static ai.oceum.RemoteAnswers.stringList;
import static ai.oceum.RemoteAnswers.urlEncode;

import ai.oceum.internal.delivery.Requests;
import ai.oceum.memory.MemoryEntry;
import ai.oceum.memory.MemoryQuery;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The shared-memory read behind {@code Oceum.readMemory}: {@code GET /api/memory?tag=&limit=} and
 * its answer as {@link MemoryEntry} values. (Writes are telemetry events, sent by the facade.)
 * Synchronous; thread-safe (stateless apart from the {@link Requests} it uses).
 */
final class MemoryReads {
    private final Requests requests;

    MemoryReads(Requests requests) {
        this.requests = requests;
    }

    List<MemoryEntry> read(MemoryQuery query) {
        MemoryQuery q = query == null ? MemoryQuery.all() : query;
        StringBuilder path = new StringBuilder("/api/memory?");
        if (q.tag() != null) {
            path.append("tag=").append(urlEncode(q.tag())).append('&');
        }
        path.append("limit=").append(q.limit());
        Map<String, Object> body = requests.get(path.toString(), "memory read");
        List<MemoryEntry> entries = new ArrayList<>();
        for (Map<String, Object> e : entryList(body, "entries", "memories")) {
            entries.add(new MemoryEntry(
                    str(e.get("id")),
                    str(e.get("content")),
                    stringList(e.get("tags")),
                    str(e.getOrDefault("agentId", e.get("agent_id"))),
                    str(e.getOrDefault("createdAt", e.get("created_at"))),
                    e));
        }
        return entries;
    }
}
