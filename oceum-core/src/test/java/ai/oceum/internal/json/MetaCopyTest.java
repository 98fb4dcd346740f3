package ai.oceum.internal.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.AbstractMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MetaCopyTest {
    @Test
    void aCopyKeepsTheSourcesOrderAndEqualsItButNotItsLaterChanges() {
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("zeta", 1);
        source.put("alpha", "two");
        source.put("mid", null);
        source.put(null, 4.5);

        Map<String, Object> copy = MetaCopy.of(source);
        source.put("late", true);
        source.remove("zeta");

        assertThat(copy)
                .containsExactly(
                        Map.entry("zeta", 1),
                        new AbstractMap.SimpleEntry<>("alpha", "two"),
                        new AbstractMap.SimpleEntry<>("mid", null),
                        new AbstractMap.SimpleEntry<>(null, 4.5));
        assertThat(copy.get("alpha")).isEqualTo("two");
        assertThat(copy.containsKey("mid")).isTrue();
        assertThat(copy.get(null)).isEqualTo(4.5);
        assertThat(copy.get("late")).isNull();
        Map<String, Object> expected = new HashMap<>();
        expected.put("zeta", 1);
        expected.put("alpha", "two");
        expected.put("mid", null);
        expected.put(null, 4.5);
        assertThat(copy).isEqualTo(expected).hasSameHashCodeAs(expected);
        Map<String, Object> seen = new LinkedHashMap<>();
        copy.forEach(seen::put);
        assertThat(seen).isEqualTo(expected);
    }

    @Test
    void aCopyCannotBeChanged() {
        Map<String, Object> copy = MetaCopy.of(Map.of("a", 1));
        assertThatThrownBy(() -> copy.put("b", 2)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> copy.entrySet().iterator().next().setValue(3))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThat(copy).containsExactly(Map.entry("a", 1));
    }

    @Test
    void nullStaysNullAndEmptyIsEmpty() {
        assertThat(MetaCopy.of(null)).isNull();
        assertThat(MetaCopy.of(Map.of())).isEmpty();
    }

    @Test
    void aMapThatGrowsWhileItIsCopiedIsCopiedWhole() {
        Map<String, Object> growing = new AbstractMap<>() {
            @Override
            public int size() {
                return 1; // says less than it then gives
            }

            @Override
            public Set<Entry<String, Object>> entrySet() {
                Map<String, Object> real = new LinkedHashMap<>();
                for (int i = 0; i < 5; i++) {
                    real.put("k" + i, i);
                }
                return real.entrySet();
            }
        };
        assertThat(MetaCopy.of(growing)).hasSize(5).containsEntry("k4", 4);
    }

    @Test
    void aMapThatThrowsWhileReadBecomesAMarkerAndNeverThrows() {
        Map<String, Object> broken = new AbstractMap<>() {
            @Override
            public Set<Entry<String, Object>> entrySet() {
                throw new IllegalStateException("broken map");
            }
        };
        assertThat(MetaCopy.of(broken)).containsExactly(Map.entry("unreadableMeta", "java.lang.IllegalStateException"));
    }
}
