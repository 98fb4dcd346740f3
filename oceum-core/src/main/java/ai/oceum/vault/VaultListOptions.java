package ai.oceum.vault;

/**
 * A filter for {@code Oceum.vaultList(options)}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param category only this category; null for all
 * @param status only this status ({@code active}, {@code revoked}, {@code expired}); null for all
 * @param limit at most this many entries, 1 to 1000 (default {@value #DEFAULT_LIMIT})
 */
public record VaultListOptions(String category, String status, int limit) {
    /** The default limit. */
    public static final int DEFAULT_LIMIT = 50;

    /** Validates the limit. */
    public VaultListOptions {
        if (limit < 1 || limit > 1000) {
            throw new IllegalArgumentException("limit must be between 1 and 1000, was " + limit);
        }
    }

    /** Every entry, first {@value #DEFAULT_LIMIT}. */
    public static VaultListOptions all() {
        return new VaultListOptions(null, null, DEFAULT_LIMIT);
    }
}
