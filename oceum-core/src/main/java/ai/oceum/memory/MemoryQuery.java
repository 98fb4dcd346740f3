package ai.oceum.memory;

/**
 * What {@code Oceum.readMemory(query)} asks for: entries with a tag (or all), at most a limit.
 *
 * <p>Immutable and thread-safe.
 *
 * @param tag only entries with this tag; null for all
 * @param limit at most this many entries, 1 to 1000 (default {@value #DEFAULT_LIMIT})
 */
public record MemoryQuery(String tag, int limit) {
    /** The default limit. */
    public static final int DEFAULT_LIMIT = 20;

    /** Validates the limit. */
    public MemoryQuery {
        if (limit < 1 || limit > 1000) {
            throw new IllegalArgumentException("limit must be between 1 and 1000, was " + limit);
        }
        if (tag != null && tag.isBlank()) {
            tag = null;
        }
    }

    /** All entries, newest {@value #DEFAULT_LIMIT}. */
    public static MemoryQuery all() {
        return new MemoryQuery(null, DEFAULT_LIMIT);
    }

    /** Entries with this tag, newest {@value #DEFAULT_LIMIT}. */
    public static MemoryQuery tag(String tag) {
        return new MemoryQuery(tag, DEFAULT_LIMIT);
    }

    /** The same query with another limit. */
    public MemoryQuery withLimit(int limit) {
        return new MemoryQuery(tag, limit);
    }
}
