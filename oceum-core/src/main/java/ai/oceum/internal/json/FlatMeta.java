package ai.oceum.internal.json;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * An unmodifiable snapshot of a metadata map in one array of keys and values, in the order the
 * source map gave them. This is what a telemetry call keeps of its caller's metadata: one array
 * and one small object instead of a {@code LinkedHashMap}'s table and one entry object per key,
 * which made up about 40 % of the bytes a call allocated. Lookups are linear: metadata maps are
 * small, and nothing on the SDK's paths looks keys up, it only writes them out in order.
 *
 * <p>Immutable, so thread-safe; its elements are whatever the caller put in (a shallow copy).
 */
final class FlatMeta extends AbstractMap<String, Object> {
    /** Keys at even, values at odd indexes. */
    private final Object[] keysAndValues;

    FlatMeta(Object[] keysAndValues) {
        this.keysAndValues = keysAndValues;
    }

    @Override
    public int size() {
        return keysAndValues.length / 2;
    }

    @Override
    public boolean isEmpty() {
        return keysAndValues.length == 0;
    }

    @Override
    public boolean containsKey(Object key) {
        return indexOf(key) >= 0;
    }

    @Override
    public Object get(Object key) {
        int i = indexOf(key);
        return i < 0 ? null : keysAndValues[i + 1];
    }

    private int indexOf(Object key) {
        for (int i = 0; i < keysAndValues.length; i += 2) {
            if (Objects.equals(keysAndValues[i], key)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public void forEach(BiConsumer<? super String, ? super Object> action) {
        for (int i = 0; i < keysAndValues.length; i += 2) {
            action.accept(keyAt(i), keysAndValues[i + 1]);
        }
    }

    /**
     * The key at {@code i}, typed as the source map declared it. An unchecked cast on purpose: a
     * map whose declared {@code String} keys are not all strings (heap pollution) is copied as it
     * is, exactly as a {@code LinkedHashMap} copy would, and fails nowhere the old copy did not.
     */
    @SuppressWarnings({"unchecked", "TypeParameterUnusedInFormals"})
    private <K> K keyAt(int i) {
        return (K) keysAndValues[i];
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<String, Object>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < keysAndValues.length;
                    }

                    @Override
                    public Entry<String, Object> next() {
                        if (next >= keysAndValues.length) {
                            throw new NoSuchElementException();
                        }
                        Entry<String, Object> e = new SimpleImmutableEntry<>(keyAt(next), keysAndValues[next + 1]);
                        next += 2;
                        return e;
                    }
                };
            }

            @Override
            public int size() {
                return keysAndValues.length / 2;
            }
        };
    }
}
