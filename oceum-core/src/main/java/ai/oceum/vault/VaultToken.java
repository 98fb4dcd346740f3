package ai.oceum.vault;

import java.util.Map;

/**
 * The answer to a vault store: the token ({@code vtk_…}) that stands for the secret.
 *
 * @param token the vault token
 * @param raw the whole answer as received
 */
public record VaultToken(String token, Map<String, Object> raw) {
}
