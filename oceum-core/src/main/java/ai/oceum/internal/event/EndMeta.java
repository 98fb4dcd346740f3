package ai.oceum.internal.event;

import java.util.AbstractMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A task's end {@code meta}: its metadata followed by its attributes, merged when first read
 * (on the sender thread, or by the spool's write-ahead) instead of copied into a new map on the
 * application's thread as the task closes. The attributes map is the scope's own: a scope takes
 * no attribute once closed, so what is read here is what it held at its close (an attribute set
 * by another thread while the close runs may or may not be in it, as it may or may not have been
 * before). Read by one thread at a time: events are handed from thread to thread through queues.
 */
public final class EndMeta extends AbstractMap<String, Object> {
    private final Map<String, Object> meta;
    private final Map<String, Object> attributes;
    private Map<String, Object> merged;

    /**
     * @param meta the task's metadata (unmodifiable), possibly empty
     * @param attributes the task's attributes, no longer changed
     */
    public EndMeta(Map<String, Object> meta, Map<String, Object> attributes) {
        this.meta = meta;
        this.attributes = attributes;
    }

    private Map<String, Object> merged() {
        Map<String, Object> m = merged;
        if (m == null) {
            m = new LinkedHashMap<>(meta);
            m.putAll(attributes);
            merged = m;
        }
        return m;
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        return java.util.Collections.unmodifiableMap(merged()).entrySet();
    }

    /**
     * Whether there is nothing to send, without merging: the task's close asks this on the
     * application's thread, and answering through {@link #size()} merged the maps there (what
     * this class exists to leave to the sender).
     */
    @Override
    public boolean isEmpty() {
        Map<String, Object> m = merged;
        return m != null ? m.isEmpty() : meta.isEmpty() && attributes.isEmpty();
    }

    @Override
    public int size() {
        return merged().size();
    }

    @Override
    public Object get(Object key) {
        return merged().get(key);
    }

    @Override
    public boolean containsKey(Object key) {
        return merged().containsKey(key);
    }
}
