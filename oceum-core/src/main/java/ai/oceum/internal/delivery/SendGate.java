package ai.oceum.internal.delivery;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Whether the sender may send now: the one place where the whole sender pauses and probes,
 * rather than each event backing off on its own.
 *
 * <p>Three states, any of them at once:
 * <ul>
 *   <li><b>Unreachable</b> (an outage): {@value #OUTAGE_AFTER_FAILURES} requests in a row got no
 *       answer at all (connection refused, unknown host, connect or request timeout), with no
 *       answer in between (fewer when {@code maxRetries} is lower: {@code maxRetries + 1}, so
 *       that no event runs out of retries on failures without an answer before the outage is
 *       seen). The sender holds every event where it is (the bounded queue, the
 *       retry queue, the spool) and sends one event at a time as a probe, after a pause that
 *       doubles from {@code retryInitialDelay} up to {@code retryMaxDelay} (each pause 80–100 % of
 *       that, so that a fleet that failed together does not probe together). Any answer, whatever
 *       its status, ends it: the events held go out, at most {@code maxInFlight} at once.</li>
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
 * <p>Thread-safe: the sender thread asks ({@link #restNanos}, {@link #pass}); the threads that
 * handle answers report ({@link #pauseFor}, {@link #keyRefused}, {@link #keyAccepted},
 * {@link #noAnswer}, {@link #reachable}). The pause and key fields are volatile and each report is
 * one write, so a late report can at worst lengthen a pause; the outage's state changes under the
 * gate's lock, taken only while requests fail (the volatile flags keep the healthy path lock-free).
 */
final class SendGate {
    /** What the sender does with the event it is about to send. */
    enum Pass {
        /** Send it. */
        SEND,
        /** Send it as the probe of a refused key: its answer says whether the key works again. */
        PROBE,
        /** The key was refused a moment ago: do not send, settle the event as unauthorized. */
        REFUSED,
        /** Oceum is unreachable and a probe is out or not yet due: do not send, hold the event. */
        HOLD
    }

    /** What a request that got no answer means for the sender. */
    enum Outage {
        /** Not (yet) an outage: the event retries on its own, its attempt counted. */
        NONE,
        /** This failure made it one: warn once; the event is held, its attempt not counted. */
        STARTED,
        /** Oceum was already unreachable: the event is held, its attempt not counted. */
        ONGOING
    }

    /** Requests in a row without an answer (and no answer between them) that make an outage, at most. */
    static final int OUTAGE_AFTER_FAILURES = 3;

    private final Clock clock;
    private final long probeIntervalNanos;
    private final long outageFirstPauseNanos;
    private final int outageAfter;
    private volatile long pausedUntilNanos;
    private volatile boolean keyRefused;
    private volatile long probeAtNanos;

    // The outage: read without the lock on the hot path (volatile), changed under it.
    private volatile boolean unreachable;
    private volatile int failuresInARow;
    private volatile long outageProbeAtNanos;
    /** The event out as the outage's probe, or null: one at a time. */
    private volatile Object outageProbe;

    private int outagePauses;
    private long firstFailureNanos;

    /**
     * @param clock the time source
     * @param maxRetries the retries of an event ({@code maxRetries}): an outage is seen after
     *     {@code min(3, maxRetries + 1)} requests in a row without an answer
     * @param outageFirstPauseNanos the first pause of an outage ({@code retryInitialDelay}); each
     *     failed probe doubles it up to {@code probeIntervalNanos}
     * @param probeIntervalNanos the time between two probes of a refused key, the longest pause
     *     between two probes of an outage, and the rest after an event kept in the spool ran out
     *     of retries ({@code retryMaxDelay})
     */
    SendGate(Clock clock, int maxRetries, long outageFirstPauseNanos, long probeIntervalNanos) {
        this.clock = clock;
        this.outageAfter = Math.max(1, Math.min(OUTAGE_AFTER_FAILURES, maxRetries + 1));
        this.outageFirstPauseNanos = Math.max(1, Math.min(outageFirstPauseNanos, probeIntervalNanos));
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
        if (unreachable) {
            // While the probe is out, rest until its answer (the sender naps and asks again).
            rest = Math.max(rest, outageProbe != null ? probeIntervalNanos : outageProbeAtNanos - now);
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

    /**
     * An event ran out of retries against an answering Oceum (5xx, 429…) and waits in the spool:
     * rest one probe interval before sending again.
     */
    void restAfterRetriesRanOut() {
        pauseFor(probeIntervalNanos);
    }

    /** The rest after an event ran out of retries, in nanoseconds (for the warning that says so). */
    long probeIntervalNanos() {
        return probeIntervalNanos;
    }

    /**
     * Decides for {@code event}, about to be sent; a {@link Pass#PROBE} moves the next probe on.
     * Reads the clock only while the key is refused or Oceum unreachable: this runs for every event.
     * During an outage exactly one event is the probe until its answer ({@link #reachable} or
     * {@link #noAnswer}); others are {@link Pass#HOLD held}.
     */
    Pass pass(Object event) {
        if (unreachable) {
            synchronized (this) {
                if (unreachable) {
                    if (outageProbe != null || clock.nanoTime() - outageProbeAtNanos < 0) {
                        return Pass.HOLD;
                    }
                    outageProbe = event;
                    return Pass.PROBE;
                }
            }
        }
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

    /**
     * {@code event}'s request got no answer (not the client's own abort) at {@code now}: counts it
     * towards an outage, and during one, a failed probe doubles the pause before the next.
     */
    synchronized Outage noAnswer(Object event, long now) {
        if (unreachable) {
            if (outageProbe == event) {
                outageProbe = null;
                outageProbeAtNanos = now + outagePause(++outagePauses);
            }
            return Outage.ONGOING;
        }
        if (failuresInARow == 0) {
            firstFailureNanos = now;
        }
        failuresInARow++;
        if (failuresInARow < outageAfter) {
            return Outage.NONE;
        }
        unreachable = true;
        outageProbe = null;
        outagePauses = 1;
        outageProbeAtNanos = now + outagePause(1);
        return Outage.STARTED;
    }

    /**
     * Oceum answered a request (any status): it is reachable. Returns how long the outage this
     * ends lasted (from its first failure), or -1 when none was in force. Two volatile reads when
     * nothing failed (it runs for every answer); the clock is read only when an outage ends.
     */
    long reachable() {
        if (!unreachable && failuresInARow == 0) {
            return -1;
        }
        synchronized (this) {
            failuresInARow = 0;
            if (!unreachable) {
                return -1;
            }
            unreachable = false;
            outageProbe = null;
            return clock.nanoTime() - firstFailureNanos;
        }
    }

    /** Closing: during an outage, the next probe goes now rather than after the pause, so that
     * a receiver that is back gets the held events within the close timeout. */
    synchronized void probeNow(long now) {
        if (unreachable && outageProbe == null) {
            outageProbeAtNanos = now;
        }
    }

    /** The pause before probe {@code n} of an outage: doubling, capped, 80–100 % of that. */
    private long outagePause(int n) {
        int shift = Math.max(0, Math.min(n - 1, 30));
        double capped = Math.min((double) outageFirstPauseNanos * (1L << shift), (double) probeIntervalNanos);
        return (long) (capped * (0.8 + 0.2 * ThreadLocalRandom.current().nextDouble()));
    }

    /** Whether the key is refused now. */
    boolean isKeyRefused() {
        return keyRefused;
    }
}
