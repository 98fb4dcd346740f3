package ai.oceum.memory;

import ai.oceum.internal.json.MetaCopy;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Options of a shared-memory write ({@code Oceum.memory(content, options)}): the tags peers
 * read it by, and free-form metadata.
 *
 * <pre>{@code
 * oceum.memory("Customer 42 prefers email", MemoryWrite.builder().tags("customer-42", "prefs").build());
 * }</pre>
 *
 * <p>Immutable and thread-safe; its builder is not thread-safe.
 */
public final class MemoryWrite {
    private static final MemoryWrite NONE = new MemoryWrite(List.of(), Map.of());

    private final List<String> tags;
    private final Map<String, Object> meta;

    private MemoryWrite(List<String> tags, Map<String, Object> meta) {
        this.tags = tags;
        this.meta = meta;
    }

    /** No tags, no metadata. */
    public static MemoryWrite none() {
        return NONE;
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The tags (possibly empty). */
    public List<String> tags() {
        return tags;
    }

    /** The metadata (possibly empty). */
    public Map<String, Object> meta() {
        return meta;
    }

    /** Builds {@link MemoryWrite}. */
    public static final class Builder {
        private List<String> tags = List.of();
        private Map<String, Object> meta = Map.of();

        private Builder() {}

        /** The tags; null and blank ones are dropped. */
        public Builder tags(String... tags) {
            // Arrays.asList, not List.of: a null tag is dropped like a blank one, not an NPE.
            return tags(tags == null ? List.of() : Arrays.asList(tags));
        }

        /** The tags; null and blank ones are dropped. */
        public Builder tags(List<String> tags) {
            this.tags = tags == null
                    ? List.of()
                    : tags.stream()
                            .filter(t -> t != null && !t.isBlank())
                            .map(String::strip)
                            .toList();
            return this;
        }

        /** Free-form metadata (copied). */
        public Builder meta(Map<String, ?> meta) {
            this.meta = meta == null ? Map.of() : Collections.unmodifiableMap(MetaCopy.of(meta));
            return this;
        }

        /** The options. */
        public MemoryWrite build() {
            return new MemoryWrite(tags, meta);
        }
    }
}
