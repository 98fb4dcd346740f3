package ai.oceum.devserver.dashboard;

import java.time.Duration;
import java.util.Locale;

/**
 * Whether an agent is alive, from its heartbeats: {@code live} while they arrive; {@code stale}
 * when none came for more than {@value #STALE_AFTER} heartbeat intervals; {@code offline} after
 * {@value #OFFLINE_AFTER} intervals, or when the agent said so ({@code status: offline});
 * {@code silent} for an agent that never sent one. The interval is the one observed between the
 * agent's heartbeats, or the default before two heartbeats of one run showed it.
 *
 * <p>It also decides when a heartbeat starts a new run of the agent (a new process): when it
 * comes more than {@value #STALE_AFTER} intervals after the previous one, the agent had already
 * been shown stale, and the interval measured so far belongs to a process that is gone.
 * Immutable; safe from any thread.
 */
public final class Liveness {
    /** Missed intervals after which an agent is stale (and a heartbeat after such a gap starts a new run). */
    public static final double STALE_AFTER = 2.5;
    /** Missed intervals after which an agent is offline. */
    public static final double OFFLINE_AFTER = 6;
    /** Intervals below this count as this: two quick beats (a manual one next to the timer's) must not make the rule hair-trigger. */
    static final long MIN_INTERVAL_MS = 1_000;

    /** The states, as the dashboard names them. */
    public enum State {
        /** Heartbeats arrive. */
        LIVE,
        /** Heartbeats stopped a little while ago. */
        STALE,
        /** Heartbeats stopped long ago, or the agent reported itself offline. */
        OFFLINE,
        /** No heartbeat ever. */
        SILENT;

        /** The lower-case name used in JSON and CSS. */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Duration defaultInterval;

    /** A rule assuming {@code defaultInterval} until an agent shows its own. */
    public Liveness(Duration defaultInterval) {
        this.defaultInterval = defaultInterval;
    }

    /** The interval the rule uses: the observed one (at least {@value #MIN_INTERVAL_MS} ms), else the default. */
    long intervalMs(Long observedIntervalMs) {
        return observedIntervalMs == null || observedIntervalMs <= 0
                ? defaultInterval.toMillis()
                : Math.max(MIN_INTERVAL_MS, observedIntervalMs);
    }

    /** How long after its last heartbeat an agent counts as stale. */
    public long staleAfterMs(Long observedIntervalMs) {
        return Math.round(intervalMs(observedIntervalMs) * STALE_AFTER);
    }

    /** How long after its last heartbeat an agent counts as offline. */
    public long offlineAfterMs(Long observedIntervalMs) {
        return Math.round(intervalMs(observedIntervalMs) * OFFLINE_AFTER);
    }

    /** Whether a heartbeat {@code gapMs} after the previous one of the agent starts a new run. */
    public boolean startsNewRun(long gapMs, Long observedIntervalMs) {
        return gapMs > staleAfterMs(observedIntervalMs);
    }

    /** The state at {@code now} of an agent last heard from at {@code lastHeartbeat} with this status. */
    public State of(Long lastHeartbeat, Long observedIntervalMs, String status, long now) {
        if (status != null && status.strip().equalsIgnoreCase("offline")) {
            return State.OFFLINE;
        }
        if (lastHeartbeat == null) {
            return State.SILENT;
        }
        long since = now - lastHeartbeat;
        if (since > offlineAfterMs(observedIntervalMs)) {
            return State.OFFLINE;
        }
        return since > staleAfterMs(observedIntervalMs) ? State.STALE : State.LIVE;
    }
}
