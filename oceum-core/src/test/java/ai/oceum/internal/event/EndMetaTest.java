package ai.oceum.internal.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

class EndMetaTest {
    @Test
    void mergesTheMetadataThenTheAttributesWhenFirstRead() {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("a", 1);
        meta.put("b", 2);
        Map<String, Object> attributes = new ConcurrentHashMap<>(Map.of("b", 3, "c", 4));

        EndMeta end = new EndMeta(java.util.Collections.unmodifiableMap(meta), attributes);

        assertThat(end).containsExactly(Map.entry("a", 1), Map.entry("b", 3), Map.entry("c", 4));
        assertThat(List.copyOf(end.keySet()).subList(0, 2)).containsExactly("a", "b");
    }

    /**
     * The task's close asks {@code isEmpty()} on the application's thread; answering it must not
     * merge there. Shown by changing the attributes after the question (which a closed scope never
     * does): the change is in what the sender reads later, so nothing was merged at the question.
     */
    @Test
    void answersIsEmptyWithoutMerging() {
        Map<String, Object> attributes = new ConcurrentHashMap<>(Map.of("x", 1));
        EndMeta end = new EndMeta(Map.of(), attributes);

        assertThat(end.isEmpty()).isFalse();
        attributes.put("y", 2);

        assertThat(end).containsOnlyKeys("x", "y");
        assertThat(end.isEmpty()).isFalse();
    }

    @Test
    void isEmptyWhenBothAreEmpty() {
        EndMeta end = new EndMeta(Map.of(), new ConcurrentHashMap<>());

        assertThat(end.isEmpty()).isTrue();
        assertThat(end).isEmpty();
        assertThat(end.isEmpty()).isTrue();
    }
}
