package ai.oceum.vault;

import ai.oceum.internal.json.Unmodifiable;
import java.util.Map;

/**
 * The answer to a vault store: the token ({@code vtk_…}) that stands for the secret. Immutable
 * and thread-safe.
 *
 * @param token the vault token
 * @param raw the whole answer as received
 */
public record VaultToken(String token, Map<String, Object> raw) {
    /** Copies {@code raw} (deeply), unmodifiable: the token is immutable. */
    public VaultToken {
        raw = Unmodifiable.map(raw);
    }
}
