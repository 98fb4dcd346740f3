package ai.oceum.internal.json;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Unmodifiable copies of values parsed from JSON (maps, lists, scalars), all the way down, so that
 * a public value holding an answer never exposes a map its caller could change. Keeps the order of
 * keys and null values (which {@code Map.copyOf} refuses). Stateless.
 */
public final class Unmodifiable {
    private Unmodifiable() {}

    /** An unmodifiable deep copy of a JSON object; an empty map for null. */
    public static Map<String, Object> map(Map<String, ?> map) {
        if (map == null || map.isEmpty()) {
            return Map.of();
        }
        Map<String, Object> copy = new LinkedHashMap<>(map.size() * 2);
        map.forEach((k, v) -> copy.put(k, value(v)));
        return Collections.unmodifiableMap(copy);
    }

    /** An unmodifiable deep copy of a JSON value: maps and lists are copied, anything else is kept. */
    public static Object value(Object v) {
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> copy = new LinkedHashMap<>(m.size() * 2);
            m.forEach((k, x) -> copy.put(String.valueOf(k), value(x)));
            return Collections.unmodifiableMap(copy);
        }
        if (v instanceof List<?> l) {
            List<Object> copy = new ArrayList<>(l.size());
            for (Object x : l) {
                copy.add(value(x));
            }
            return Collections.unmodifiableList(copy);
        }
        return v;
    }
}
