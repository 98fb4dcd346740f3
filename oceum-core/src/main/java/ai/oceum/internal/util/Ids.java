package ai.oceum.internal.util;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Random version-4 UUIDs from {@link ThreadLocalRandom}: event and task ids need uniqueness, not
 * unpredictability, and {@link UUID#randomUUID()} (SecureRandom) costs several times more on the
 * caller's thread.
 */
public final class Ids {
    private Ids() {}

    /** A new random UUID string. */
    public static String newId() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        long msb = (r.nextLong() & 0xffffffffffff0fffL) | 0x0000000000004000L;
        long lsb = (r.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L;
        return new UUID(msb, lsb).toString();
    }
}
