package ai.oceum.vault;

import ai.oceum.internal.json.Unmodifiable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The target API's answer, relayed by the vault proxy. Immutable and thread-safe.
 *
 * @param ok whether the target answered 2xx
 * @param status the target's HTTP status
 * @param headers the target's response headers
 * @param data the target's body: parsed JSON, or a string
 */
public record VaultProxyResponse(boolean ok, int status, Map<String, String> headers, Object data) {
    /** Copies {@code headers} and {@code data} (deeply, when it is JSON), unmodifiable: the response is immutable. */
    public VaultProxyResponse {
        headers = headers == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        data = Unmodifiable.value(data);
    }
}
