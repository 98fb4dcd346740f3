package ai.oceum.internal.event;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A {@code status} event: {@code status}.
 *
 * @param status the agent's status, for example {@code busy}
 */
public record StatusPayload(String status) implements Payload {
    @Override
    public Map<String, Object> toData() {
        Map<String, Object> data = new LinkedHashMap<>(2);
        data.put("status", status);
        return data;
    }
}
