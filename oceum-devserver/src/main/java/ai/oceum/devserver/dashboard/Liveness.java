package ai.oceum.devserver.dashboard;

import java.time.Duration;

/**
 * Whether an agent is alive: {@code live} while heartbeats arrive, {@code degraded} when none
 * came for more than 2.5 times the interval observed between its heartbeats (or the default
 * interval before two heartbeats showed it), {@code silent} for an agent that never sent one.
 */
public final class Liveness {
    /** How many missed intervals make an agent degraded. */
    public static final double TOLERANCE = 2.5;
    /** Intervals below this count as this: two quick beats (a manual one next to the timer's) must not make the rule hair-trigger. */
    static final long MIN_INTERVAL_MS = 1_000;

    private final Duration defaultInterval;

    /** A rule assuming {@code defaultInterval} until an agent shows its own. */
    public Liveness(Duration defaultInterval) {
        this.defaultInterval = defaultInterval;
    }

    /** How long after its last heartbeat an agent counts as degraded. */
    public long degradedAfterMs(Long observedIntervalMs) {
        long interval = observedIntervalMs == null || observedIntervalMs <= 0 ? defaultInterval.toMillis()
                : Math.max(MIN_INTERVAL_MS, observedIntervalMs);
        return Math.round(interval * TOLERANCE);
    }

    /** {@code live}, {@code degraded} or {@code silent}. */
    public String of(Long lastHeartbeat, Long observedIntervalMs, long now) {
        if (lastHeartbeat == null) {
            return "silent";
        }
        return now - lastHeartbeat > degradedAfterMs(observedIntervalMs) ? "degraded" : "live";
    }
}
