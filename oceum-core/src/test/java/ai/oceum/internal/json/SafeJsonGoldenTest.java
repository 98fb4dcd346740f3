package ai.oceum.internal.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The envelope's bytes are those the Jackson-only writer produced before issue 17 made it cheap:
 * {@code safejson-golden.txt} was written by that earlier code (commit c0c7396) for every shape
 * below, and the current code must reproduce it byte for byte. Regenerate it only on purpose,
 * with {@code -Doceum.golden.update=<path of the resource file>}.
 */
class SafeJsonGoldenTest {
    private static final String RESOURCE = "safejson-golden.txt";

    @Test
    void theEnvelopeIsByteForByteWhatTheJacksonOnlyWriterProduced() throws IOException {
        List<String> actual = new ArrayList<>();
        List<Shape> shapes = shapes();
        for (int i = 0; i < shapes.size(); i++) {
            Shape s = shapes.get(i);
            byte[] body = SafeJson.envelope(s.event, s.agentId, s.eventId, s.ts, s.data);
            actual.add(i + "\t" + Base64.getEncoder().encodeToString(body));
        }
        String update = System.getProperty("oceum.golden.update");
        if (update != null) {
            Files.write(Path.of(update), actual, StandardCharsets.UTF_8);
            return;
        }
        List<String> golden;
        try (InputStream in = SafeJsonGoldenTest.class.getResourceAsStream(RESOURCE)) {
            assertThat(in).as(RESOURCE).isNotNull();
            golden = Arrays.asList(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n"));
        }
        assertThat(actual).hasSize(golden.size());
        for (int i = 0; i < golden.size(); i++) {
            Shape s = shapes.get(i);
            assertThat(decode(actual.get(i)))
                    .as("shape %d: event %s, ts %d", i, s.event, s.ts)
                    .isEqualTo(decode(golden.get(i)));
        }
    }

    @Test
    void theTimestampIsWrittenAsInstantWritesItForEveryMillisecondShape() {
        List<Long> millis = new ArrayList<>(timestamps());
        Random r = new Random(17);
        for (int i = 0; i < 200_000; i++) {
            millis.add(r.nextLong() % 253_402_300_800_000L);
        }
        for (long ms : millis) {
            byte[] body = SafeJson.envelope("e", "a", "i", ms, Map.of());
            String expected = "{\"event\":\"e\",\"agentId\":\"a\",\"eventId\":\"i\",\"timestamp\":\""
                    + Instant.ofEpochMilli(ms) + "\",\"data\":{}}";
            assertThat(new String(body, StandardCharsets.UTF_8)).as("ms %d", ms).isEqualTo(expected);
        }
    }

    /**
     * The writer of plain data against Jackson, on random maps of the shapes it takes and of
     * shapes it must hand to Jackson (floats, long strings and keys, escapes, deep nesting, big
     * maps): the same bytes every time.
     */
    @Test
    void plainDataIsWrittenAsJacksonWritesIt() throws IOException {
        Random r = new Random(42);
        for (int i = 0; i < 5_000; i++) {
            Map<String, Object> data = randomMap(r, 0);
            // write, not envelope: the size limit's shrinking is the same code either way.
            byte[] fast = SafeJson.write("task.completed", "agent-7", "id-" + i, 1_796_036_400_123L + i, data);
            byte[] jackson =
                    SafeJson.writeWithJackson("task.completed", "agent-7", "id-" + i, 1_796_036_400_123L + i, data);
            assertThat(new String(fast, StandardCharsets.UTF_8))
                    .as("shape %d", i)
                    .isEqualTo(new String(jackson, StandardCharsets.UTF_8));
        }
    }

    private static Map<String, Object> randomMap(Random r, int depth) {
        Map<String, Object> m = new LinkedHashMap<>();
        boolean big = depth == 0 && r.nextInt(20) == 0; // around MAX_ELEMENTS, with flat values only
        int n = big ? 495 + r.nextInt(10) : r.nextInt(6);
        for (int i = 0; i < n; i++) {
            String key =
                    r.nextInt(30) == 0 ? "k".repeat(250 + r.nextInt(10)) : "key" + i + (r.nextInt(40) == 0 ? "\"" : "");
            m.put(key, randomValue(r, big ? Integer.MAX_VALUE : depth));
        }
        return m;
    }

    private static Object randomValue(Random r, int depth) {
        switch (r.nextInt(14)) {
            case 0:
                return null;
            case 1:
                return r.nextBoolean();
            case 2:
                return r.nextInt();
            case 3:
                return r.nextLong();
            case 4:
                return (short) r.nextInt();
            case 5:
                return (byte) r.nextInt();
            case 6:
                double[] specials = {
                    0.0,
                    -0.0,
                    0.1,
                    1e-5,
                    1e-3,
                    1e7,
                    1e21,
                    123456789.0,
                    Double.MIN_VALUE,
                    Double.MAX_VALUE,
                    Double.NaN,
                    Double.POSITIVE_INFINITY,
                    0.93,
                    3.0
                };
                return r.nextBoolean()
                        ? specials[r.nextInt(specials.length)]
                        : r.nextDouble() * Math.pow(10, r.nextInt(40) - 20);
            case 7:
                return r.nextFloat();
            case 8:
                return "value-" + r.nextInt(1000);
            case 9:
                String[] odd = {
                    "",
                    "é",
                    "tab\t",
                    "\u007f",
                    "quote\"",
                    "back\\slash",
                    "x".repeat(SafeJson.MAX_STRING),
                    "x".repeat(SafeJson.MAX_STRING + 1),
                    "~ !#$%&'()*+,-./:;<=>?@[]^_`{|}"
                };
                return odd[r.nextInt(odd.length)];
            case 10:
            case 11:
                return depth < 6 ? randomMap(r, depth + 1) : "leaf";
            case 12:
                return List.of(1, 2);
            default:
                return new BigDecimal("1.5");
        }
    }

    /**
     * The text of a golden line. The size limit's notice is a {@code Map.of}, whose order changes
     * from one JVM to the next: it is put in one order before comparing.
     */
    private static String decode(String line) {
        String text =
                new String(Base64.getDecoder().decode(line.substring(line.indexOf('\t') + 1)), StandardCharsets.UTF_8);
        return text.replaceAll(
                "\"meta\":\\{\"originalBytes\":(\\d+),\"truncated\":true}",
                "\"meta\":{\"truncated\":true,\"originalBytes\":$1}");
    }

    private record Shape(String event, String agentId, String eventId, long ts, Map<String, Object> data) {}

    static List<Long> timestamps() {
        List<Long> ts = new ArrayList<>(List.of(
                0L,
                1L,
                10L,
                99L,
                100L,
                120L,
                999L,
                1000L,
                1001L,
                59_999L,
                60_000L,
                3_599_999L,
                86_399_999L,
                86_400_000L,
                -1L,
                -999L,
                -1000L,
                -1001L,
                -86_400_000L,
                -62_167_219_200_000L,
                -62_167_219_200_001L,
                253_402_300_799_999L,
                253_402_300_800_000L,
                Long.MAX_VALUE / 1000,
                -Long.MAX_VALUE / 1000));
        for (String iso : List.of(
                "1999-12-31T23:59:59.999Z",
                "2000-01-01T00:00:00Z",
                "2000-02-29T12:00:00.120Z",
                "2000-03-01T00:00:00.100Z",
                "2100-02-28T23:59:59.990Z",
                "2100-03-01T00:00:00.001Z",
                "1972-12-31T23:59:59Z",
                "2026-11-29T10:00:00Z",
                "2026-11-29T10:00:00.100Z",
                "2038-01-19T03:14:08Z",
                "9999-12-31T23:59:59.999Z",
                "1970-01-01T00:00:00.010Z")) {
            long ms = Instant.parse(iso).toEpochMilli();
            ts.add(ms);
            ts.add(ms - 1);
            ts.add(ms + 1);
        }
        return ts;
    }

    private static List<Shape> shapes() {
        List<Shape> shapes = new ArrayList<>();
        long now = 1_796_036_400_123L;
        for (long ts : timestamps()) {
            shapes.add(new Shape("task.completed", "agent-1", "evt-0001", ts, Map.of()));
        }
        List<String> strings = Arrays.asList(
                "task.completed",
                "",
                "plain-ASCII_123",
                "with \"quotes\" and \\ backslash",
                "tab\tnew\nline\r",
                "ctl \u0000\u0001\u001f\u007f",
                "non-ascii é ü 日本 😀",
                "lone \ud800 surrogate",
                "lone low \udc00",
                "</script>",
                "x".repeat(300),
                null);
        for (String s : strings) {
            shapes.add(new Shape(s, "agent-1", "evt-1", now, Map.of("k", "v")));
            shapes.add(new Shape("task.started", s, "evt-2", now, Map.of("k", "v")));
            shapes.add(new Shape("task.started", "agent-1", s, now, Map.of("k", "v")));
        }
        for (Map<String, Object> data : dataShapes()) {
            shapes.add(new Shape(
                    "task.completed",
                    "support-bot",
                    UUID.nameUUIDFromBytes(new byte[] {1}).toString(),
                    now,
                    data));
        }
        return shapes;
    }

    @SuppressWarnings("JavaUtilDate") // Date is one of the shapes applications put in meta
    private static List<Map<String, Object>> dataShapes() {
        List<Map<String, Object>> out = new ArrayList<>();
        out.add(null);
        out.add(Map.of());
        Map<String, Object> flat = new LinkedHashMap<>();
        flat.put("taskId", "t-1");
        flat.put("taskName", "triage-ticket");
        flat.put("taskStatus", "completed");
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("ticket", 4711);
        meta.put("priority", "high");
        meta.put("score", 0.75);
        meta.put("ok", true);
        meta.put("none", null);
        flat.put("meta", meta);
        out.add(flat);
        Map<String, Object> numbers = new LinkedHashMap<>();
        numbers.put("int", Integer.MIN_VALUE);
        numbers.put("long", Long.MAX_VALUE);
        numbers.put("short", (short) 7);
        numbers.put("byte", (byte) -3);
        numbers.put("double", 1.0e-300);
        numbers.put("float", 3.14f);
        numbers.put("nan", Double.NaN);
        numbers.put("inf", Float.NEGATIVE_INFINITY);
        numbers.put("bigDecimal", new BigDecimal("12345678901234567890.000123"));
        numbers.put("bigInteger", new BigInteger("123456789012345678901234567890"));
        numbers.put("hugeDecimal", new BigDecimal("1" + "0".repeat(1200)));
        numbers.put("hugeInteger", BigInteger.TEN.pow(1300));
        out.add(numbers);
        Map<String, Object> misc = new LinkedHashMap<>();
        misc.put("char", 'c');
        misc.put("enum", Thread.State.RUNNABLE);
        misc.put("uuid", new UUID(1, 2));
        misc.put("instant", Instant.ofEpochMilli(0));
        misc.put("sb", java.nio.CharBuffer.wrap("builder"));
        misc.put("date", new java.util.Date(1_000));
        misc.put("optional", Optional.of("x"));
        misc.put("empty", Optional.empty());
        misc.put("throwable", new IllegalStateException("boom \ud800"));
        misc.put("object", new Object() {
            @Override
            public String toString() {
                return "custom";
            }
        });
        misc.put("failing", new Object() {
            @Override
            public String toString() {
                throw new IllegalStateException("no");
            }
        });
        misc.put("array", new int[] {1, 2, 3});
        misc.put("objects", new Object[] {"a", null, 1});
        misc.put("list", List.of(1, "two", List.of(3)));
        misc.put("long string", "y".repeat(SafeJson.MAX_STRING + 10));
        misc.put("key \u0001 \"quoted\" " + "k".repeat(300), "v");
        out.add(misc);
        Map<String, Object> cycle = new LinkedHashMap<>();
        List<Object> list = new ArrayList<>();
        list.add(cycle);
        cycle.put("self", cycle);
        cycle.put("list", list);
        Map<String, Object> shared = Map.of("s", 1);
        cycle.put("sharedA", shared);
        cycle.put("sharedB", shared);
        out.add(Map.of("meta", cycle));
        Map<String, Object> deep = new HashMap<>();
        Map<String, Object> cur = deep;
        for (int i = 0; i < 20; i++) {
            Map<String, Object> next = new HashMap<>();
            cur.put("d" + i, next);
            cur = next;
        }
        out.add(deep);
        Map<String, Object> many = new LinkedHashMap<>();
        for (int i = 0; i < 600; i++) {
            many.put("k" + i, i);
        }
        // In the order the golden line was written in (Map.of's order changes between JVMs).
        Map<String, Object> manyAndList = new LinkedHashMap<>();
        manyAndList.put("list", java.util.Collections.nCopies(700, "e"));
        manyAndList.put("meta", many);
        out.add(manyAndList);
        Map<String, Object> big = new LinkedHashMap<>();
        big.put("error", "e".repeat(5000));
        for (int i = 0; i < 40; i++) {
            big.put("field" + i, "z".repeat(8000));
        }
        out.add(big);
        return out;
    }
}
