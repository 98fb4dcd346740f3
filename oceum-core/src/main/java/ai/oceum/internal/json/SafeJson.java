package ai.oceum.internal.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.temporal.TemporalAccessor;
import java.util.Collection;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Writes events as JSON that is always valid, whatever the application put in them: long strings
 * are cut, big collections capped, cycles and deep nesting replaced by markers, NaN sent as a
 * string, lone UTF-16 surrogates replaced, and objects that fail to render sent as a marker. A
 * failure here must never lose the event, so the last resort sends it without its meta.
 * The limits are documented in docs/protocol.md.
 */
public final class SafeJson {
    /** Longest string value sent, in chars. */
    public static final int MAX_STRING = 8_192;
    /** Most elements of one collection, array or map. */
    public static final int MAX_ELEMENTS = 500;
    /** Deepest nesting of maps and collections. */
    public static final int MAX_DEPTH = 12;
    /**
     * Most digits of a number written as a JSON number; longer ones are sent as strings. Valid
     * JSON either way, but common parsers refuse longer numbers (Jackson's default limit is 1000
     * digits), which would make Oceum reject the whole event.
     */
    public static final int MAX_NUMBER_DIGITS = 1000;
    /** Largest body; past it, meta is replaced by a notice. */
    public static final int MAX_BODY_BYTES = 256 * 1024;

    private static final JsonFactory FACTORY = new JsonFactory();
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> MAP_TYPE = new TypeReference<>() {};
    /** Reads decimals as BigDecimal: amounts of money in answers (costUsd) stay exact. */
    private static final ObjectReader ANSWER_READER =
            MAPPER.reader().with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private SafeJson() {}

    /** The shared mapper for reading answers (thread-safe once configured). */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /**
     * Parses a JSON object; an empty map when the text is empty or not an object. Decimals are
     * read as {@link BigDecimal}, whole numbers as Integer, Long or BigInteger.
     */
    @SuppressWarnings("unchecked") // a JSON object read as Object is a LinkedHashMap with String keys
    public static Map<String, Object> parseObject(String json) {
        if (json == null || json.isBlank()) {
            return Map.of();
        }
        try {
            Object v = ANSWER_READER.forType(Object.class).readValue(json);
            if (v instanceof Map<?, ?>) {
                return (Map<String, Object>) v;
            }
            return Map.of("value", v == null ? "null" : v);
        } catch (IOException | RuntimeException e) {
            return Map.of();
        }
    }

    /** Parses a JSON object from bytes; an empty map when it is not one. Decimals as in {@link #parseObject(String)}. */
    public static Map<String, Object> parseObject(byte[] json) {
        try {
            return ANSWER_READER.forType(MAP_TYPE).readValue(json);
        } catch (IOException | RuntimeException e) {
            return Map.of();
        }
    }

    /**
     * Writes the envelope {@code {event, agentId, eventId, timestamp, data}}. Never throws (apart
     * from a fatal JVM error).
     */
    public static byte[] envelope(
            String event, String agentId, String eventId, long timestampMillis, Map<String, Object> data) {
        try {
            byte[] body = write(event, agentId, eventId, timestampMillis, data);
            if (body.length <= MAX_BODY_BYTES) {
                return body;
            }
            Map<String, Object> shrunk = new LinkedHashMap<>(data);
            shrunk.put("meta", Map.of("truncated", true, "originalBytes", body.length));
            for (Map.Entry<String, Object> e : shrunk.entrySet()) {
                if (e.getValue() instanceof String s && s.length() > 1024) {
                    e.setValue(truncate(s, 1024));
                }
            }
            return write(event, agentId, eventId, timestampMillis, shrunk);
        } catch (IOException | RuntimeException | StackOverflowError first) {
            // A value failed while being walked (for example a map changed by another thread).
            // Keep every field we built ourselves, mark the rest.
            Map<String, Object> plain = new LinkedHashMap<>();
            for (Map.Entry<String, Object> e : Collections.unmodifiableMap(data).entrySet()) {
                Object v = e.getValue();
                plain.put(
                        e.getKey(),
                        v == null || v instanceof String || v instanceof Number || v instanceof Boolean
                                ? v
                                : "[unserializable: " + first.getClass().getSimpleName() + "]");
            }
            try {
                return write(event, agentId, eventId, timestampMillis, plain);
            } catch (IOException | RuntimeException second) {
                return ("{\"event\":" + quote(event) + ",\"agentId\":" + quote(agentId) + ",\"eventId\":"
                                + quote(eventId) + ",\"data\":{}}")
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8);
            }
        }
    }

    /** Writes any value alone (used for request bodies of the synchronous calls). */
    public static byte[] value(Object value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            new Walker(g).write(value, 0);
        } catch (IOException e) {
            throw new IllegalStateException("JSON writing failed", e);
        }
        return out.toByteArray();
    }

    static byte[] write(String event, String agentId, String eventId, long ts, Map<String, Object> data)
            throws IOException {
        EnvelopeHead out = new EnvelopeHead();
        if (!out.writeHead(event, agentId, eventId, ts)) {
            return writeWithJackson(event, agentId, eventId, ts, data);
        }
        Map<String, Object> value = data == null ? Map.of() : data;
        int head = out.size();
        if (!PlainData.write(out, value)) {
            out.reset(head);
            // The head is plain bytes already; the data object follows as Jackson's one root value.
            try (JsonGenerator g = FACTORY.createGenerator(out)) {
                new Walker(g).write(value, 0);
            }
        }
        out.write('}');
        return out.toByteArray();
    }

    /** The whole envelope through Jackson: for strings that need escaping or encoding (see {@link EnvelopeHead}). */
    static byte[] writeWithJackson(String event, String agentId, String eventId, long ts, Map<String, Object> data)
            throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("event", event);
            g.writeStringField("agentId", agentId);
            g.writeStringField("eventId", eventId);
            g.writeStringField("timestamp", Instant.ofEpochMilli(ts).toString());
            g.writeFieldName("data");
            new Walker(g).write(data == null ? Map.of() : data, 0);
            g.writeEndObject();
        }
        return out.toByteArray();
    }

    /** Cuts a string to {@code max} chars with a marker that says how much was cut. */
    public static String truncate(String s, int max) {
        if (s == null || s.length() <= max) {
            return s;
        }
        int end = max;
        if (Character.isHighSurrogate(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, end) + "…[truncated " + (s.length() - end) + " chars]";
    }

    /** Replaces lone UTF-16 surrogates by U+FFFD, so the text encodes as valid UTF-8. */
    public static String clean(String s) {
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (Character.isSurrogate(c)) {
                return cleanFrom(s, i);
            }
        }
        return s;
    }

    private static String cleanFrom(String s, int from) {
        StringBuilder b = new StringBuilder(s.length()).append(s, 0, from);
        int n = s.length();
        for (int i = from; i < n; i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                b.append(c).append(s.charAt(++i));
            } else if (Character.isSurrogate(c)) {
                b.append('\uFFFD');
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static String quote(String s) {
        try {
            return MAPPER.writeValueAsString(s == null ? "" : clean(s));
        } catch (IOException e) {
            return "\"\"";
        }
    }

    /**
     * Walks one value tree, keeping the containers on the current path to detect cycles. The path
     * is never longer than {@link #MAX_DEPTH}, so a small array searched by identity replaces the
     * {@code IdentityHashMap} this used to build for every event.
     */
    private static final class Walker {
        private final JsonGenerator g;
        private final Object[] path = new Object[MAX_DEPTH];
        private int pathLength;

        Walker(JsonGenerator g) {
            this.g = g;
        }

        void write(Object v, int depth) throws IOException {
            if (v == null) {
                g.writeNull();
            } else if (v instanceof String s) {
                g.writeString(clean(truncate(s, MAX_STRING)));
            } else if (v instanceof Boolean b) {
                g.writeBoolean(b);
            } else if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
                g.writeNumber(((Number) v).longValue());
            } else if (v instanceof Double || v instanceof Float) {
                double d = ((Number) v).doubleValue();
                if (Double.isFinite(d)) {
                    g.writeNumber(d);
                } else {
                    g.writeString(Double.toString(d));
                }
            } else if (v instanceof BigDecimal bd) {
                if (bd.precision() <= MAX_NUMBER_DIGITS) {
                    g.writeNumber(bd);
                } else {
                    g.writeString(truncate(bd.toString(), MAX_STRING));
                }
            } else if (v instanceof BigInteger bi) {
                if (bi.bitLength() <= MAX_NUMBER_DIGITS * 3) { // 3 bits per digit: under 1000 digits
                    g.writeNumber(bi);
                } else {
                    g.writeString(truncate(bi.toString(), MAX_STRING));
                }
            } else if (v instanceof Character
                    || v instanceof Enum<?>
                    || v instanceof UUID
                    || v instanceof TemporalAccessor
                    || v instanceof CharSequence) {
                g.writeString(clean(truncate(v.toString(), MAX_STRING)));
            } else if (v instanceof Date d) {
                g.writeString(d.toInstant().toString());
            } else if (v instanceof Optional<?> o) {
                write(o.orElse(null), depth);
            } else if (v instanceof Map<?, ?>
                    || v instanceof Iterable<?>
                    || v.getClass().isArray()) {
                container(v, depth);
            } else if (v instanceof Throwable t) {
                g.writeStartObject();
                g.writeStringField("type", t.getClass().getName());
                g.writeStringField(
                        "message", t.getMessage() == null ? null : clean(truncate(t.getMessage(), MAX_STRING)));
                g.writeEndObject();
            } else {
                g.writeString(render(v));
            }
        }

        private void container(Object v, int depth) throws IOException {
            if (onPath(v)) {
                g.writeString("[cycle]");
                return;
            }
            if (depth >= MAX_DEPTH || pathLength == MAX_DEPTH) {
                g.writeString("[depth limit]");
                return;
            }
            path[pathLength++] = v;
            try {
                if (v instanceof Map<?, ?> m) {
                    g.writeStartObject();
                    int i = 0;
                    for (Map.Entry<?, ?> e : m.entrySet()) {
                        if (i++ == MAX_ELEMENTS) {
                            g.writeStringField("…", "[" + (m.size() - MAX_ELEMENTS) + " more]");
                            break;
                        }
                        g.writeFieldName(clean(truncate(String.valueOf(e.getKey()), 256)));
                        write(e.getValue(), depth + 1);
                    }
                    g.writeEndObject();
                } else if (v instanceof Iterable<?> it) {
                    g.writeStartArray();
                    int i = 0;
                    for (Object o : it) {
                        if (i++ == MAX_ELEMENTS) {
                            g.writeString("…[" + (it instanceof Collection<?> c ? c.size() - MAX_ELEMENTS : "more")
                                    + " more]");
                            break;
                        }
                        write(o, depth + 1);
                    }
                    g.writeEndArray();
                } else {
                    int n = Array.getLength(v);
                    g.writeStartArray();
                    for (int i = 0; i < n; i++) {
                        if (i == MAX_ELEMENTS) {
                            g.writeString("…[" + (n - MAX_ELEMENTS) + " more]");
                            break;
                        }
                        write(Array.get(v, i), depth + 1);
                    }
                    g.writeEndArray();
                }
            } finally {
                path[--pathLength] = null;
            }
        }

        private boolean onPath(Object v) {
            for (int i = 0; i < pathLength; i++) {
                if (path[i] == v) {
                    return true;
                }
            }
            return false;
        }

        private static String render(Object v) {
            try {
                return clean(truncate(String.valueOf(v), MAX_STRING));
            } catch (RuntimeException | StackOverflowError e) {
                return "[unserializable: " + v.getClass().getName() + "]";
            }
        }
    }
}
