package ai.oceum.reliability;

import ai.oceum.DropReason;
import ai.oceum.OceumStats;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One measured row of the matrix.
 *
 * @param fault the fault's name
 * @param spool whether the client had a spool
 * @param sent events the application handed to the client (each call returned)
 * @param deliveries what the receiver got
 * @param stats the client's counters after close (for the kill row: the second client's)
 * @param counted events the client counted as dropped (every reason)
 * @param worstCallNanos the longest single telemetry call on the application's thread
 * @param heapAfterBytes heap in use after the row, after GC
 * @param took how long the row ran
 */
record RowResult(
        String fault,
        boolean spool,
        int sent,
        Deliveries deliveries,
        OceumStats stats,
        long counted,
        long worstCallNanos,
        long heapAfterBytes,
        Duration took) {

    int delivered() {
        return deliveries.delivered();
    }

    /** Events that never reached the receiver. */
    int undelivered() {
        return sent - deliveries.delivered();
    }

    /** Undelivered events the client did not count: must be 0. */
    long silent() {
        return Math.max(0, undelivered() - counted);
    }

    String droppedByReason() {
        Map<DropReason, Long> d = stats.dropped();
        String s = d.entrySet().stream()
                .filter(e -> e.getValue() > 0)
                .map(e -> e.getKey().name() + " " + e.getValue())
                .collect(Collectors.joining(", "));
        return s.isEmpty() ? "0" : counted + " (" + s + ")";
    }
}
