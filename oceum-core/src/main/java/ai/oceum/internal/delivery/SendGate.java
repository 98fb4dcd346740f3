package ai.oceum.internal.delivery;

/**
 * Whether the sender may send now: the one place where the whole sender pauses and probes,
 * rather than each event backing off on its own.
 *
 * <p>Two states, either or both at once:
 * <ul>
 *   <li><b>Paused</b> until a moment: Oceum rate-limits the key (a 429 asks for a
 *       {@code Retry-After}), or it looks unreachable and the events wait in the spool; nothing is
 *       sent before that moment.</li>
 *   <li><b>Key refused</b> (401/403): one event at a time probes, at most every
 *       {@code probeInterval} ({@code retryMaxDelay}); events that come between two probes are
 *       settled locally ({@link Pass#REFUSED}) instead of hammering Oceum with a key it refuses.
 *       With a spool the sender also rests until the next probe, since its events can wait.
 *       The first success clears it.</li>
 * </ul>
 *
 * <p>Time comes from the {@link Clock} in nanoseconds ({@code now} arguments are its
 * {@link Clock#nanoTime()}), so that tests drive it without waiting.
 *
 * <p>Thread-safe: the sender thread asks ({@link #restNanos}, {@link #pass()}); the threads that
 * handle answers report ({@link #pauseFor}, {@link #keyRefused}, {@link #keyAccepted}). The fields
 * are volatile and each report is one write, so a late report can at worst lengthen a pause.
 */
final class SendGate {
    /** What the sender does with the event it is about to send. */
    enum Pass {
        /** Send it. */
        SEND,
        /** Send it as the probe of a refused key: its answer says whether the key works again. */
        PROBE,
        /** The key was refused a moment ago: do not send, settle the event as unauthorized. */
        REFUSED
    }

    private final Clock clock;
    private final long probeIntervalNanos;
    private volatile long pausedUntilNanos;
    private volatile boolean keyRefused;
    private volatile long probeAtNanos;

    /**
     * @param clock the time source
     * @param probeIntervalNanos the time between two probes of a refused key, and the rest after
     *     Oceum looked unreachable ({@code retryMaxDelay})
     */
    SendGate(Clock clock, long probeIntervalNanos) {
        this.clock = clock;
        this.probeIntervalNanos = probeIntervalNanos;
        this.pausedUntilNanos = clock.nanoTime();
    }

    /**
     * How long the sender rests from {@code now}; zero or less when it may send. A refused key
     * counts only when {@code eventsCanWait} (a spool holds them): otherwise events keep coming
     * and are settled one by one.
     */
    long restNanos(long now, boolean eventsCanWait) {
        long rest = pausedUntilNanos - now;
        if (keyRefused && eventsCanWait) {
            rest = Math.max(rest, probeAtNanos - now);
        }
        return rest;
    }

    /** Pauses the whole sender for at least {@code nanos} from now; a longer pause in force stays. */
    void pauseFor(long nanos) {
        long until = clock.nanoTime() + nanos;
        if (until - pausedUntilNanos > 0) {
            pausedUntilNanos = until;
        }
    }

    /** Oceum looks unreachable and the events wait in the spool: rest one probe interval. */
    void unreachable() {
        pauseFor(probeIntervalNanos);
    }

    /** The rest after Oceum looked unreachable, in nanoseconds (for the warning that says so). */
    long probeIntervalNanos() {
        return probeIntervalNanos;
    }

    /**
     * Decides for the event about to be sent; a {@link Pass#PROBE} moves the next probe on. Reads
     * the clock only while the key is refused: this runs for every event.
     */
    Pass pass() {
        if (!keyRefused) {
            return Pass.SEND;
        }
        long now = clock.nanoTime();
        if (now - probeAtNanos < 0) {
            return Pass.REFUSED;
        }
        // This event is the probe; with a spool the sender rests until its answer or the next probe.
        probeAtNanos = now + probeIntervalNanos;
        return Pass.PROBE;
    }

    /** Oceum answered 401/403 at {@code now}; true the first time since the key last worked (warn then). */
    boolean keyRefused(long now) {
        probeAtNanos = now + probeIntervalNanos;
        if (keyRefused) {
            return false;
        }
        keyRefused = true;
        return true;
    }

    /** Oceum accepted an event; true when that ends a refused key (say so then). */
    boolean keyAccepted() {
        if (!keyRefused) {
            return false;
        }
        keyRefused = false;
        return true;
    }

    /** Whether the key is refused now. */
    boolean isKeyRefused() {
        return keyRefused;
    }
}
