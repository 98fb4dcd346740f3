package ai.oceum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.oceum.memory.MemoryEntry;
import ai.oceum.vault.VaultEntry;
import ai.oceum.vault.VaultProxyResponse;
import ai.oceum.vault.VaultToken;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** No public record hands out a map (or list) its holder could change, nor keeps the caller's. */
class PublicValuesImmutabilityTest {

    private static Map<String, Object> answer() {
        Map<String, Object> nested = new HashMap<>();
        nested.put("k", "v");
        Map<String, Object> raw = new HashMap<>();
        raw.put("nested", nested);
        raw.put("list", new ArrayList<>(List.of("a")));
        raw.put("nothing", null);
        return raw;
    }

    @SuppressWarnings("unchecked")
    private static void assertCopiedAndUnmodifiable(Map<String, Object> given, Map<String, Object> kept) {
        ((Map<String, Object>) given.get("nested")).put("k", "changed");
        given.put("later", 1);
        assertThat(kept).doesNotContainKey("later").containsEntry("nothing", null);
        assertThat((Map<String, Object>) kept.get("nested")).containsEntry("k", "v");
        assertThatThrownBy(() -> kept.put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> ((Map<String, Object>) kept.get("nested")).put("x", 1))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> ((List<Object>) kept.get("list")).add("b"))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void memoryEntriesCopyTheirTagsAndRawAnswer() {
        Map<String, Object> raw = answer();
        List<String> tags = new ArrayList<>(List.of("t"));
        MemoryEntry e = new MemoryEntry("id", "c", tags, "a", null, raw);
        tags.add("later");
        assertThat(e.tags()).containsExactly("t");
        assertThatThrownBy(() -> e.tags().add("x")).isInstanceOf(UnsupportedOperationException.class);
        assertCopiedAndUnmodifiable(raw, e.raw());
        assertThat(new MemoryEntry(null, null, null, null, null, null).tags()).isEmpty();
    }

    @Test
    void vaultValuesCopyTheirRawAnswers() {
        Map<String, Object> raw = answer();
        assertCopiedAndUnmodifiable(raw, new VaultToken("vtk", raw).raw());
        raw = answer();
        assertCopiedAndUnmodifiable(raw, new VaultEntry("vtk", "c", null, "active", null, null, raw).raw());
    }

    @Test
    @SuppressWarnings("unchecked")
    void proxyResponsesCopyTheirHeadersAndJsonBody() {
        Map<String, String> headers = new HashMap<>(Map.of("a", "1"));
        Map<String, Object> data = answer();
        VaultProxyResponse r = new VaultProxyResponse(true, 200, headers, data);
        headers.put("b", "2");
        assertThat(r.headers()).containsOnlyKeys("a");
        assertThatThrownBy(() -> r.headers().put("c", "3")).isInstanceOf(UnsupportedOperationException.class);
        assertCopiedAndUnmodifiable(data, (Map<String, Object>) r.data());
        assertThat(new VaultProxyResponse(false, 502, null, "plain text").data())
                .isEqualTo("plain text");
    }
}
