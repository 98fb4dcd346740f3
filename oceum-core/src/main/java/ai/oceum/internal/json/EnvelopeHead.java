package ai.oceum.internal.json;

import java.io.OutputStream;
import java.time.Instant;
import java.util.Arrays;

/**
 * The envelope up to its {@code data} value (its fields {@code event}, {@code agentId},
 * {@code eventId} and {@code timestamp}), written straight into a byte buffer: the caller's thread
 * writes it for every spooled event, and Jackson's field writing and {@code Instant.toString} were a
 * third of that call's cost (profile of 2026-11-29). The bytes are exactly those Jackson wrote:
 * strings that Jackson would escape or encode (anything but printable ASCII without a quote or a
 * backslash) are refused here, and the envelope is then written by Jackson as a whole. The
 * timestamp is {@code Instant.toString()}'s text for every millisecond of the years 1970 to 9999,
 * and {@code Instant.toString()} itself outside them.
 *
 * <p>Also the buffer the rest of the envelope is written into. Not thread-safe: one per envelope.
 */
final class EnvelopeHead extends OutputStream {
    /** Years 1970–9999 in epoch millis: the range written by hand; the rest goes through Instant. */
    private static final long MAX_FAST_MILLIS = 253_402_300_800_000L;

    private static final byte[] EVENT = bytes("{\"event\":\"");
    private static final byte[] AGENT_ID = bytes("\",\"agentId\":\"");
    private static final byte[] EVENT_ID = bytes("\",\"eventId\":\"");
    private static final byte[] TIMESTAMP = bytes("\",\"timestamp\":\"");
    private static final byte[] DATA = bytes("\",\"data\":");

    private byte[] buf = new byte[256];
    private int count;

    /**
     * Writes the head; false, with nothing kept, when a string is null or not plain ASCII (the
     * caller then writes the whole envelope with Jackson).
     */
    boolean writeHead(String event, String agentId, String eventId, long timestampMillis) {
        if (!plain(event) || !plain(agentId) || !plain(eventId)) {
            return false;
        }
        append(EVENT);
        ascii(event);
        append(AGENT_ID);
        ascii(agentId);
        append(EVENT_ID);
        ascii(eventId);
        append(TIMESTAMP);
        timestamp(timestampMillis);
        append(DATA);
        return true;
    }

    /** Printable ASCII that JSON writes as it is: no quote, no backslash, no control character. */
    static boolean plain(String s) {
        if (s == null) {
            return false;
        }
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    @SuppressWarnings("deprecation") // getBytes(int, int, byte[], int): the plain-ASCII copy without an encoder
    void ascii(String s) {
        int n = s.length();
        ensure(n);
        s.getBytes(0, n, buf, count);
        count += n;
    }

    /** {@code Instant.ofEpochMilli(ms).toString()}, e.g. {@code 2026-11-29T10:00:00Z} or {@code …:00.120Z}. */
    void timestamp(long ms) {
        if (ms < 0 || ms >= MAX_FAST_MILLIS) {
            ascii(Instant.ofEpochMilli(ms).toString());
            return;
        }
        long days = ms / 86_400_000L;
        int msOfDay = (int) (ms - days * 86_400_000L);
        // Civil date from days since 1970-01-01 (H. Hinnant's days_from_civil, inverted); era >= 0 here.
        long z = days + 719_468;
        long era = z / 146_097;
        long doe = z - era * 146_097;
        long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        int day = (int) (doy - (153 * mp + 2) / 5 + 1);
        int month = (int) (mp < 10 ? mp + 3 : mp - 9);
        int year = (int) (yoe + era * 400 + (month <= 2 ? 1 : 0));
        int secOfDay = msOfDay / 1000;
        int millis = msOfDay - secOfDay * 1000;
        ensure(24);
        byte[] b = buf;
        int p = count;
        b[p++] = digit(year / 1000);
        b[p++] = digit(year / 100 % 10);
        b[p++] = digit(year / 10 % 10);
        b[p++] = digit(year % 10);
        b[p++] = '-';
        p = two(b, p, month);
        b[p++] = '-';
        p = two(b, p, day);
        b[p++] = 'T';
        p = two(b, p, secOfDay / 3600);
        b[p++] = ':';
        p = two(b, p, secOfDay / 60 % 60);
        b[p++] = ':';
        p = two(b, p, secOfDay % 60);
        if (millis != 0) { // Instant prints the fraction only when there is one, in groups of 3
            b[p++] = '.';
            b[p++] = digit(millis / 100);
            b[p++] = digit(millis / 10 % 10);
            b[p++] = digit(millis % 10);
        }
        b[p++] = 'Z';
        count = p;
    }

    private static int two(byte[] b, int p, int v) {
        b[p] = digit(v / 10);
        b[p + 1] = digit(v % 10);
        return p + 2;
    }

    private static byte digit(int d) {
        return (byte) ('0' + d);
    }

    private void append(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buf, count, bytes.length);
        count += bytes.length;
    }

    private void ensure(int more) {
        if (count + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, count + more));
        }
    }

    @Override
    public void write(int b) {
        ensure(1);
        buf[count++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, buf, count, len);
        count += len;
    }

    /** Bytes written so far. */
    int size() {
        return count;
    }

    /** Forgets what was written after {@code size} bytes. */
    void reset(int size) {
        count = size;
    }

    /** The bytes written so far. */
    byte[] toByteArray() {
        return Arrays.copyOf(buf, count);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
}
