package ai.oceum.vault;

import ai.oceum.internal.json.Unmodifiable;
import java.util.Map;

/**
 * One vault entry's metadata, from {@code Oceum.vaultList}: never the secret. Immutable and
 * thread-safe.
 *
 * @param token the vault token
 * @param category the category
 * @param label the label, or null
 * @param status {@code active}, {@code revoked} or {@code expired}
 * @param createdAt when it was stored (as the platform wrote it)
 * @param expiresAt when it expires, or null
 * @param raw the whole entry as received
 */
public record VaultEntry(
        String token,
        String category,
        String label,
        String status,
        String createdAt,
        String expiresAt,
        Map<String, Object> raw) {
    /** Copies {@code raw} (deeply), unmodifiable: the entry is immutable. */
    public VaultEntry {
        raw = Unmodifiable.map(raw);
    }
}
