package ai.oceum.vault;

import java.util.Map;

/**
 * The target API's answer, relayed by the vault proxy.
 *
 * @param ok whether the target answered 2xx
 * @param status the target's HTTP status
 * @param headers the target's response headers
 * @param data the target's body: parsed JSON, or a string
 */
public record VaultProxyResponse(boolean ok, int status, Map<String, String> headers, Object data) {
}
