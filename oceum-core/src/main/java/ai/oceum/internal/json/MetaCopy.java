package ai.oceum.internal.json;

import java.util.Arrays;
import java.util.Map;

/**
 * The shallow copy of a caller's metadata map, taken on the caller's thread. Apart from
 * {@link SafeJson} on purpose: copying a map must not initialise Jackson, so that an
 * application's first telemetry call does not pay for the JSON stack, which the sender thread
 * loads as it starts. Stateless, thread-safe.
 */
public final class MetaCopy {
    private MetaCopy() {}

    private static final Object[] NONE = {};

    /**
     * An unmodifiable shallow copy in the source's order ({@link FlatMeta}: one array, no entry
     * objects), or null for null. A map that throws while it is read (a broken custom map, one
     * changed while it is copied) becomes {@code {"unreadableMeta": "<exception class>"}}: the
     * event is still sent and the exception never reaches the caller.
     */
    public static Map<String, Object> of(Map<String, ?> meta) {
        if (meta == null) {
            return null;
        }
        try {
            Object[] kv = new Object[meta.size() * 2];
            int n = 0;
            for (Map.Entry<String, ?> e : meta.entrySet()) {
                if (n == kv.length) { // grew while being copied (a concurrent map)
                    kv = Arrays.copyOf(kv, Math.max(4, n * 2));
                }
                kv[n++] = e.getKey();
                kv[n++] = e.getValue();
            }
            return new FlatMeta(n == 0 ? NONE : n == kv.length ? kv : Arrays.copyOf(kv, n));
        } catch (RuntimeException e) {
            return Map.of("unreadableMeta", e.getClass().getName());
        }
    }
}
