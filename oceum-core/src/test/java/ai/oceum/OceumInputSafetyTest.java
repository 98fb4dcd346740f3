package ai.oceum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import ai.oceum.internal.json.SafeJson;
import ai.oceum.testing.OceumExtension;
import ai.oceum.testing.TestReceiver;
import ai.oceum.testing.TestReceiver.Recorded;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Whatever an application hands to a telemetry call, it never throws and the wire stays valid JSON. */
class OceumInputSafetyTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @RegisterExtension
    final OceumExtension kit = OceumExtension.create();

    private final TestReceiver receiver = kit.receiver();
    private final Oceum oceum = kit.client("input");

    private JsonNode sentMeta(String type) {
        assertThat(oceum.flush(WAIT)).isTrue();
        Recorded r = receiver.awaitEvents(type, 1, WAIT).get(0);
        assertThat(r.body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
                .isLessThanOrEqualTo(SafeJson.MAX_BODY_BYTES);
        return r.data().path("meta");
    }

    @Test
    void nullArgumentsNeverThrowAndAreStillSent() {
        List<CompletableFuture<WebhookResponse>> futures = new ArrayList<>();
        assertThatCode(() -> {
                    futures.add(oceum.taskStart(null, null));
                    futures.add(oceum.taskComplete(null, null));
                    futures.add(oceum.error((String) null));
                    futures.add(oceum.error((Throwable) null));
                    futures.add(oceum.error((String) null, null));
                    futures.add(oceum.error((Throwable) null, null));
                    futures.add(oceum.error((ErrorReport) null));
                    futures.add(oceum.setStatus(null));
                    futures.add(oceum.reportUsage(null));
                    futures.add(oceum.memory(null));
                    futures.add(oceum.memory(null, null));
                    oceum.startTask(null, null).close();
                    oceum.startHeartbeat(null);
                    oceum.stopHeartbeat();
                })
                .doesNotThrowAnyException();
        assertThat(futures).allMatch(f -> f.join().statusCode() == 200);
        assertThat(receiver.events("task_start").get(0).data().path("taskName").asText())
                .isEqualTo("unnamed-task");
        assertThat(receiver.events("status").get(0).data().path("status").asText())
                .isEqualTo("unknown");
        assertThat(receiver.events("usage").get(0).data().path("usageReported").asBoolean())
                .isFalse();
        assertThat(receiver.events("error"))
                .allMatch(r -> r.data().path("message").isTextual());
    }

    @Test
    void hugeMetaIsCutToFitTheBodyLimit() {
        Map<String, Object> meta = new LinkedHashMap<>();
        for (int i = 0; i < 400; i++) {
            meta.put("k" + i, "x".repeat(2_000));
        }
        meta.put("long", "y".repeat(100_000));
        oceum.taskComplete("big", meta);
        JsonNode sent = sentMeta("task_complete");
        assertThat(sent.path("truncated").asBoolean()).isTrue();
        assertThat(sent.path("originalBytes").asInt()).isGreaterThan(SafeJson.MAX_BODY_BYTES);
    }

    @Test
    void longStringsAndBigCollectionsAreCutWithAMarker() {
        List<Integer> many = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            many.add(i);
        }
        oceum.taskComplete("cut", Map.of("text", "z".repeat(20_000), "list", many));
        JsonNode sent = sentMeta("task_complete");
        assertThat(sent.path("text").asText()).startsWith("zzz").endsWith("…[truncated 11808 chars]");
        assertThat(sent.path("list")).hasSize(SafeJson.MAX_ELEMENTS + 1);
        assertThat(sent.path("list").get(SafeJson.MAX_ELEMENTS).asText()).isEqualTo("…[1500 more]");
    }

    @Test
    void cyclicMapsAndListsBecomeMarkers() {
        Map<String, Object> cyclic = new HashMap<>();
        cyclic.put("self", cyclic);
        List<Object> loop = new ArrayList<>();
        loop.add("a");
        loop.add(loop);
        oceum.error("cycles", Map.of("map", cyclic, "list", loop));
        JsonNode sent = sentMeta("error");
        assertThat(sent.path("map").path("self").asText()).isEqualTo("[cycle]");
        assertThat(sent.path("list").get(0).asText()).isEqualTo("a");
        assertThat(sent.path("list").get(1).asText()).isEqualTo("[cycle]");
    }

    @Test
    void deepNestingStopsAtTheDepthLimit() {
        Map<String, Object> deep = new HashMap<>();
        Map<String, Object> cur = deep;
        for (int i = 0; i < 50; i++) {
            Map<String, Object> next = new HashMap<>();
            cur.put("d", next);
            cur = next;
        }
        oceum.taskComplete("deep", Map.of("root", deep));
        assertThat(sentMeta("task_complete").toString()).contains("[depth limit]");
    }

    @Test
    void objectsThatCannotBeRenderedAreMarkedAndTheEventIsStillSent() {
        Object hostile = new Object() {
            @Override
            public String toString() {
                throw new IllegalStateException("no");
            }
        };
        oceum.reportUsage(
                Usage.builder().model("m").meta("bad", hostile).meta("fine", 1).build());
        JsonNode sent = sentMeta("usage");
        assertThat(sent.path("bad").asText()).startsWith("[unserializable: ");
        assertThat(sent.path("fine").asInt()).isEqualTo(1);
    }

    @Test
    void aBeanWithAThrowingGetterIsSentAsItsToString() {
        oceum.taskComplete("bean", Map.of("bean", new ThrowingBean()));
        assertThat(sentMeta("task_complete").path("bean").asText()).isEqualTo("ThrowingBean");
    }

    @Test
    void nanAndInfinityAreSentAsStrings() {
        oceum.taskComplete(
                "numbers",
                Map.of("nan", Double.NaN, "inf", Double.POSITIVE_INFINITY, "f", Float.NEGATIVE_INFINITY, "ok", 1.5));
        JsonNode sent = sentMeta("task_complete");
        assertThat(sent.path("nan").asText()).isEqualTo("NaN");
        assertThat(sent.path("inf").asText()).isEqualTo("Infinity");
        assertThat(sent.path("f").asText()).isEqualTo("-Infinity");
        assertThat(sent.path("ok").asDouble()).isEqualTo(1.5);
    }

    @Test
    void loneSurrogatesAreReplacedSoTheBodyIsValidUtf8() {
        String broken = "ok \uD800 end";
        String reversed = "\uDC00\uD83D";
        oceum.error(broken, Map.of("k\uDFFF", reversed, "emoji", "\uD83D\uDE00"));
        assertThat(oceum.flush(WAIT)).isTrue();
        JsonNode data = receiver.awaitEvents("error", 1, WAIT).get(0).data();
        assertThat(data.path("message").asText()).isEqualTo("ok \uFFFD end");
        assertThat(data.path("meta").path("k\uFFFD").asText()).isEqualTo("\uFFFD\uFFFD");
        assertThat(data.path("meta").path("emoji").asText()).isEqualTo("\uD83D\uDE00");
    }

    @Test
    void aMapChangedWhileBeingSentStillGivesValidJson() {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("a", 1);
        Map<String, Object> unstable = new java.util.AbstractMap<>() {
            @Override
            public java.util.Set<Entry<String, Object>> entrySet() {
                throw new java.util.ConcurrentModificationException("changed");
            }
        };
        meta.put("nested", unstable);
        oceum.taskComplete("unstable", meta);
        assertThat(oceum.flush(WAIT)).isTrue();
        Recorded r = receiver.awaitEvents("task_complete", 1, WAIT).get(0);
        assertThat(r.data().path("taskName").asText()).isEqualTo("unstable");
        assertThat(r.data().path("meta").asText()).startsWith("[unserializable");
    }

    @Test
    void aCyclicCauseChainAndAHugeStackStillGiveABoundedError() {
        RuntimeException a = new RuntimeException("a");
        IllegalStateException b = new IllegalStateException("b");
        a.initCause(b);
        b.initCause(a);
        oceum.error(deep(400, a));
        assertThat(oceum.flush(WAIT)).isTrue();
        JsonNode data = receiver.awaitEvents("error", 1, WAIT).get(0).data();
        assertThat(data.path("stackTrace").asText())
                .contains("Caused by: java.lang.RuntimeException: a")
                .contains("CIRCULAR REFERENCE")
                .hasSizeLessThanOrEqualTo(SafeJson.MAX_STRING + 40);
        assertThat(data.path("causes")).hasSize(2);
    }

    private static RuntimeException deep(int depth, Throwable cause) {
        if (depth == 0) {
            return new RuntimeException("deep", cause);
        }
        return deep(depth - 1, cause);
    }

    /** A bean whose getter throws: the SDK never calls getters, it sends {@code toString()}. */
    static final class ThrowingBean {
        public String getValue() {
            throw new IllegalStateException("getter");
        }

        @Override
        public String toString() {
            return "ThrowingBean";
        }
    }
}
