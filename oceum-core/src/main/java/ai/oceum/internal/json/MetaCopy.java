package ai.oceum.internal.json;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The shallow copy of a caller's metadata map, taken on the caller's thread. Apart from
 * {@link SafeJson} on purpose: copying a map must not initialise Jackson, so that an
 * application's first telemetry call does not pay for the JSON stack, which the sender thread
 * loads as it starts. Stateless, thread-safe.
 */
public final class MetaCopy {
    private MetaCopy() {}

    /**
     * A shallow copy, or null for null. A map that throws while it is read (a broken custom map)
     * becomes {@code {"unreadableMeta": "<exception class>"}}: the event is still sent and the
     * exception never reaches the caller.
     */
    public static Map<String, Object> of(Map<String, ?> meta) {
        if (meta == null) {
            return null;
        }
        try {
            return new LinkedHashMap<>(meta);
        } catch (RuntimeException e) {
            Map<String, Object> marker = new LinkedHashMap<>(2);
            marker.put("unreadableMeta", e.getClass().getName());
            return marker;
        }
    }
}
