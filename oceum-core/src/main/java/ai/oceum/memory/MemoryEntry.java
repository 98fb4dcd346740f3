package ai.oceum.memory;

import ai.oceum.internal.json.Unmodifiable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * One shared-memory entry as Oceum answered it. Immutable (its lists and maps are unmodifiable
 * copies) and thread-safe.
 *
 * @param id the entry id, or null if the platform gave none
 * @param content the content
 * @param tags the tags (possibly empty)
 * @param agentId the agent that wrote it, or null
 * @param createdAt the creation time as the platform wrote it (ISO-8601), or null
 * @param raw the whole entry as received
 */
public record MemoryEntry(
        String id, String content, List<String> tags, String agentId, String createdAt, Map<String, Object> raw) {
    /** Copies {@code tags} and {@code raw} (deeply), unmodifiable: the entry is immutable. */
    public MemoryEntry {
        tags = tags == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(tags));
        raw = Unmodifiable.map(raw);
    }
}
