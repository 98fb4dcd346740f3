package ai.oceum.internal.json;

import java.util.Map;

/**
 * Writes the common shape of an event's {@code data} without Jackson: maps of printable-ASCII
 * string keys to null, booleans, whole numbers, finite doubles, printable-ASCII strings and maps
 * of the same, a few levels deep. Creating a Jackson generator and walking with it was most of
 * what remained of a spooled call's cost once the envelope's head was written by hand.
 *
 * <p>The bytes are Jackson's: anything this class would have to escape, cut, mark or render (a
 * long string, a big map, a cycle, a float, any other type) makes it give up, and the caller
 * writes the whole value again with Jackson. Stateless; the buffer belongs to one envelope.
 */
final class PlainData {
    /** Nesting handled here; deeper values (and cycles) go to Jackson, well before its depth limit. */
    private static final int MAX_DEPTH = 4;
    /** Longest key Jackson's walker writes uncut. */
    private static final int MAX_KEY = 256;

    private PlainData() {}

    /** Writes the map; false when it is not of the plain shape (what was written is then garbage). */
    static boolean write(EnvelopeHead out, Map<?, ?> map) {
        return map(out, map, 0);
    }

    private static boolean map(EnvelopeHead out, Map<?, ?> map, int depth) {
        if (depth == MAX_DEPTH) {
            return false;
        }
        out.write('{');
        int n = 0;
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (++n > SafeJson.MAX_ELEMENTS
                    || !(e.getKey() instanceof String key)
                    || key.length() > MAX_KEY
                    || !EnvelopeHead.plain(key)) {
                return false;
            }
            if (n > 1) {
                out.write(',');
            }
            out.write('"');
            out.ascii(key);
            out.write('"');
            out.write(':');
            if (!value(out, e.getValue(), depth)) {
                return false;
            }
        }
        out.write('}');
        return true;
    }

    private static boolean value(EnvelopeHead out, Object v, int depth) {
        if (v == null) {
            out.ascii("null");
        } else if (v instanceof String s) {
            if (s.length() > SafeJson.MAX_STRING || !EnvelopeHead.plain(s)) {
                return false;
            }
            out.write('"');
            out.ascii(s);
            out.write('"');
        } else if (v instanceof Boolean b) {
            out.ascii(b ? "true" : "false");
        } else if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            out.ascii(Long.toString(((Number) v).longValue()));
        } else if (v instanceof Double d) {
            if (!Double.isFinite(d)) {
                return false;
            }
            out.ascii(Double.toString(d)); // what Jackson writes without its fast double writer
        } else if (v instanceof Map<?, ?> m) {
            return map(out, m, depth + 1);
        } else {
            return false;
        }
        return true;
    }
}
