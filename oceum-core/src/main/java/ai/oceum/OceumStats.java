package ai.oceum;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * A snapshot of a client's delivery counters, from {@link Oceum#stats()}.
 *
 * <p>Invariant after {@link Oceum#close()}: every accepted event is counted once in
 * {@link #sent()}, {@link #spooled()} (left on disk for the next client) or one reason of
 * {@link #dropped()}.
 *
 * <p>Immutable (its map is an unmodifiable copy) and thread-safe: a snapshot.
 *
 * @param accepted telemetry events handed to the client since it was built (including ones it refused)
 * @param queued events waiting to be sent now (memory queue, or unsent records of the spool)
 * @param inFlight requests on the wire now
 * @param sent events that Oceum acknowledged with a 2xx
 * @param retried attempts that were retried (one event retried twice counts two)
 * @param failed events that ended without delivery after reaching Oceum or exhausting retries
 *     ({@link DropReason#REJECTED}, {@link DropReason#UNAUTHORIZED},
 *     {@link DropReason#RETRIES_EXHAUSTED}); also counted in {@link #dropped()}
 * @param dropped events not delivered, by reason
 * @param spooled events held in the spool directory now, not yet acknowledged
 * @param replayed events found in the spool from an earlier process and queued again
 * @param notSpooled events that a spooling client could not write to its spool (at
 *     {@code spoolMaxBytes}, or a disk error such as a full disk) and kept in the memory queue
 *     instead: delivered like the others, but lost if the process dies before that. Not a drop
 *     (an event refused by memory too is counted in {@link #dropped()}); cumulative; always 0
 *     without a spool
 */
public record OceumStats(
        long accepted,
        long queued,
        long inFlight,
        long sent,
        long retried,
        long failed,
        Map<DropReason, Long> dropped,
        long spooled,
        long replayed,
        long notSpooled) {

    /** Makes a snapshot; {@code dropped} is copied and every reason is present (zero if none). */
    public OceumStats {
        EnumMap<DropReason, Long> copy = new EnumMap<>(DropReason.class);
        for (DropReason reason : DropReason.values()) {
            Long n = dropped == null ? null : dropped.get(reason);
            copy.put(reason, n == null ? 0L : n);
        }
        dropped = Collections.unmodifiableMap(copy);
    }

    /** A snapshot without the spool fallback counter ({@link #notSpooled()} 0), as before it existed. */
    public OceumStats(
            long accepted,
            long queued,
            long inFlight,
            long sent,
            long retried,
            long failed,
            Map<DropReason, Long> dropped,
            long spooled,
            long replayed) {
        this(accepted, queued, inFlight, sent, retried, failed, dropped, spooled, replayed, 0);
    }

    /** Events dropped for any reason. */
    public long droppedTotal() {
        long total = 0;
        for (long n : dropped.values()) {
            total += n;
        }
        return total;
    }

    /** Events dropped for one reason. */
    public long dropped(DropReason reason) {
        return dropped.get(reason);
    }
}
