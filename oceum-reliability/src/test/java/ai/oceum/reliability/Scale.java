package ai.oceum.reliability;

import java.time.Duration;

/**
 * How big a fault-matrix run is: the CI version (short outage, few events) or the full one asked
 * for by {@code -Dreliability.full=true} (the 30 s outage).
 *
 * @param full whether this is the full run
 * @param events events sent per row
 * @param outage how long the receiver is down in the outage rows
 */
record Scale(boolean full, int events, Duration outage) {

    static Scale fromSystemProperties() {
        return Boolean.getBoolean("reliability.full")
                ? new Scale(true, 1000, Duration.ofSeconds(30))
                : new Scale(false, 100, Duration.ofSeconds(3));
    }

    /** How long a row may take to settle after its last event before it counts as stuck. */
    Duration settleTimeout() {
        return outage.multipliedBy(2).plusSeconds(full ? 60 : 20);
    }

    String describe() {
        return (full ? "full" : "CI") + " (" + events + " events per row, " + outage.toSeconds() + " s outage)";
    }
}
