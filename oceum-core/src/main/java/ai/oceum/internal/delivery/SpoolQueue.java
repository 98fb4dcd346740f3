package ai.oceum.internal.delivery;

import ai.oceum.DropReason;
import ai.oceum.WebhookResponse;
import ai.oceum.internal.json.SafeJson;
import ai.oceum.internal.spool.Spool;
import ai.oceum.internal.spool.SpoolRef;
import ai.oceum.internal.util.ThrottledLogger;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The queue used when a spool directory is set: every event is written to the spool on the
 * caller's thread before it is queued (write-ahead, so a {@code kill -9} loses nothing the caller
 * was told was accepted), and removed from it when Oceum answers.
 *
 * <p>Memory stays bounded while Oceum is down for long: beyond the in-memory capacity, events wait
 * on disk only (a {@link SpoolRef} each) and are read back when the sender is idle. Their futures
 * complete at once with {@link WebhookResponse#spooled()}.
 *
 * <p>When the spool cannot take an event (byte limit, full disk) the memory queue is the
 * fallback: the event is delivered like the others but would not survive a crash, and is counted
 * in {@link #notSpooled()}. Undeliverable events (Oceum down, API key refused) are kept, never
 * dropped: on disk, or in the bounded memory queue for those without a spool record.
 *
 * <p>Order: once events overflow to disk, new events follow them there until they were read back
 * (memory holds the oldest events, the overflow the newest), so that no event overtakes an
 * earlier one of its task. A record that cannot be read back (its file gone or damaged) is
 * forgotten and counted ({@link #unreadable()}), never left to block {@code flush}.
 */
public final class SpoolQueue implements EventQueue {
    private static final Logger log = LoggerFactory.getLogger("ai.oceum.spool");

    private final Spool spool;
    private final SenderHandoff memory;
    /**
     * Records waiting on disk only, guarded by {@code backlog}: {@code kept} are events the sender
     * could not deliver yet, {@code adopted} are an earlier process's, and {@code backlog} are new
     * events that did not fit in memory (while it is not empty, new events join it: see above).
     */
    private final ArrayDeque<SpoolRef> backlog = new ArrayDeque<>();

    private final ArrayDeque<SpoolRef> kept = new ArrayDeque<>();
    private final ArrayDeque<SpoolRef> adopted = new ArrayDeque<>();
    private final AtomicLong replayed = new AtomicLong();
    private final AtomicLong notSpooled = new AtomicLong();
    private final AtomicLong unreadable = new AtomicLong();
    /** The size of {@code backlog}, readable without its lock: {@link #offer} checks it on every call. */
    private volatile int overflow;

    private final Object closeLock = new Object();
    private final int capacity;
    private volatile boolean closed;
    private final ThrottledLogger warnings = new ThrottledLogger(log, 30, TimeUnit.SECONDS);
    private int adoptedPending;

    public SpoolQueue(Spool spool, int capacity) {
        this.spool = spool;
        this.memory = new SenderHandoff(capacity);
        this.capacity = capacity;
        try {
            List<SpoolRef> orphans = spool.adoptOrphans();
            synchronized (backlog) {
                adopted.addAll(orphans);
                adoptedPending = orphans.size();
            }
            if (!orphans.isEmpty()) {
                log.info(
                        "Oceum spool {}: {} undelivered events from an earlier process will be sent",
                        spool.directory(),
                        orphans.size());
            }
        } catch (IOException e) {
            log.warn("Oceum spool {}: could not read earlier events: {}", spool.directory(), e.toString());
        }
    }

    /**
     * Writes the event to the spool, then queues it in memory. When the spool cannot take it (at
     * its byte limit, or an I/O error such as a full disk) the event falls back to memory only:
     * still delivered, but not crash-safe (counted in {@link #notSpooled()}). It is refused only
     * when memory is full too: {@link DropReason#SPOOL_FULL} when the byte limit refused it,
     * {@link DropReason#QUEUE_FULL} when the disk did; and after {@link #close()}, as
     * {@link DropReason#SHUTDOWN}: nothing accepted is left behind by a close running meanwhile.
     */
    @Override
    public DropReason offer(Event event) {
        if (closed) {
            return DropReason.SHUTDOWN;
        }
        DropReason notWritten = append(event);
        if (notWritten != null && closed) {
            return DropReason.SHUTDOWN; // the spool was closed under us, not full
        }
        if (notWritten == null && overflowing()) {
            return toBacklog(event);
        }
        if (memory.offer(event)) {
            if (closed && memory.remove(event)) {
                // close() drained memory before this event got in: nobody else will handle it.
                return event.spoolRef() != null ? spooledAfterClose(event) : DropReason.SHUTDOWN;
            }
            if (notWritten != null) {
                notSpooled.incrementAndGet();
            }
            return null;
        }
        if (notWritten != null) {
            return notWritten;
        }
        return toBacklog(event);
    }

    private boolean overflowing() {
        return overflow > 0;
    }

    private DropReason toBacklog(Event event) {
        synchronized (backlog) {
            backlog.add(event.spoolRef());
            overflow = backlog.size();
        }
        event.future().complete(WebhookResponse.spooled());
        return null;
    }

    private static DropReason spooledAfterClose(Event event) {
        event.future().complete(WebhookResponse.spooled());
        return null;
    }

    /** Writes the event to the spool; null when written, otherwise the reason it could not be. */
    private DropReason append(Event event) {
        try {
            event.spoolRef(spool.append(event.body()));
            return null;
        } catch (Spool.FullException full) {
            warnings.warn(
                    "full",
                    "Oceum spool " + spool.directory() + " is full (spoolMaxBytes " + spool.maxBytes()
                            + "); new events wait in memory only, and are lost if the process dies, until Oceum takes the"
                            + " backlog (counted in stats().notSpooled(); dropped as SPOOL_FULL when memory is full too)");
            return DropReason.SPOOL_FULL;
        } catch (IOException e) {
            // Disk trouble (full, read-only): keep delivering from memory, without durability.
            warnings.warn(
                    "write",
                    "Oceum spool " + spool.directory() + " cannot be written (" + e
                            + "); new events wait in memory only until it can (counted in stats().notSpooled())");
            return DropReason.QUEUE_FULL;
        }
    }

    @Override
    public Event poll(long timeoutNanos) throws InterruptedException {
        return memory.poll(timeoutNanos);
    }

    @Override
    public void completed(Event event) {
        SpoolRef ref = event.spoolRef();
        if (ref == null) {
            return;
        }
        try {
            spool.ack(ref);
        } catch (IOException e) {
            // The record stays and is sent again after a restart: a duplicate, not a loss.
            warnings.warn("ack", "Oceum spool " + spool.directory() + " could not record a delivery: " + e);
        }
    }

    /**
     * Keeps an undeliverable event: its spool record goes to the backlog. An event that waited in
     * memory only is written to the spool now if it has room again, else it goes back to the
     * memory queue while that has room, so that a full spool does not turn into a loss.
     */
    @Override
    public Kept keepForLater(Event event, boolean mayHoldInMemory, BiConsumer<Event, SpoolRef> beforeReadable) {
        if (event.spoolRef() == null && !closed) {
            append(event);
        }
        SpoolRef ref = event.spoolRef();
        if (ref != null) {
            beforeReadable.accept(event, ref);
            synchronized (backlog) {
                kept.add(ref);
            }
            return Kept.DURABLY;
        }
        // Under the close lock: an event put back after close() drained memory would be stranded.
        synchronized (closeLock) {
            return mayHoldInMemory && !closed && memory.offer(event) ? Kept.IN_MEMORY : Kept.NOT_KEPT;
        }
    }

    @Override
    public boolean holdsUndeliverable() {
        return true;
    }

    @Override
    public int capacity() {
        return capacity;
    }

    @Override
    public long notSpooled() {
        return notSpooled.get();
    }

    @Override
    public long unreadable() {
        return unreadable.get();
    }

    /**
     * Reads records back into memory, as much as it has room for: kept events first (they are
     * the oldest), then an earlier process's, then the overflow.
     */
    @Override
    public boolean refill(Consumer<SpoolRef> lost) {
        List<SpoolRef> batch = new ArrayList<>();
        List<ArrayDeque<SpoolRef>> from = new ArrayList<>();
        synchronized (backlog) {
            int room = memory.remainingCapacity();
            for (ArrayDeque<SpoolRef> source : List.of(kept, adopted, backlog)) {
                while (!source.isEmpty() && batch.size() < room) {
                    batch.add(source.poll());
                    from.add(source);
                }
            }
            overflow = backlog.size();
        }
        int added = 0;
        for (int i = 0; i < batch.size(); i++) {
            SpoolRef ref = batch.get(i);
            Event e;
            try {
                e = read(ref);
            } catch (java.nio.channels.ClosedByInterruptException interrupted) {
                // Not the record's fault: it is read again next time.
                Thread.interrupted();
                putBack(ref, from.get(i));
                continue;
            }
            if (e == null) {
                lost.accept(ref);
                continue;
            }
            if (from.get(i) == adopted) {
                synchronized (backlog) {
                    if (adoptedPending > 0) {
                        adoptedPending--;
                        replayed.incrementAndGet();
                    }
                }
            }
            if (memory.offer(e)) {
                added++;
            } else {
                putBack(ref, from.get(i));
            }
        }
        return added > 0;
    }

    private void putBack(SpoolRef ref, ArrayDeque<SpoolRef> source) {
        synchronized (backlog) {
            source.addFirst(ref);
            overflow = backlog.size();
        }
    }

    /**
     * Reads one record back as an event; null when it cannot be (its file gone, damaged, or not
     * an event): such a record is acknowledged, so that it no longer counts as waiting, counted in
     * {@link #unreadable()}, and warned about.
     */
    private Event read(SpoolRef ref) throws java.nio.channels.ClosedByInterruptException {
        String problem;
        try {
            byte[] body = spool.read(ref);
            Map<String, Object> envelope = SafeJson.parseObject(body);
            Object type = envelope.get("event");
            Object id = envelope.get("eventId");
            if (type != null && id != null) {
                Map<?, ?> data = envelope.get("data") instanceof Map<?, ?> m ? m : Map.of();
                return Event.fromSpool(
                        type.toString(),
                        id.toString(),
                        body,
                        ref,
                        string(data.get("taskId")),
                        string(data.get("parentTaskId")),
                        string(data.get("taskStatus")));
            }
            problem = "not an event";
        } catch (java.nio.channels.ClosedByInterruptException interrupted) {
            throw interrupted;
        } catch (IOException e) {
            problem = e.toString();
        }
        try {
            spool.ack(ref);
        } catch (IOException e) {
            // The record stays on disk; the next client meets it again and drops it too.
        }
        unreadable.incrementAndGet();
        warnings.warn(
                "read",
                "Oceum spool " + spool.directory() + " could not read an event back (" + problem
                        + "); it is dropped and counted in stats() as " + DropReason.SPOOL_UNREADABLE);
        return null;
    }

    private static String string(Object o) {
        return o == null ? null : o.toString();
    }

    @Override
    public boolean hasBacklog() {
        synchronized (backlog) {
            return !backlog.isEmpty() || !kept.isEmpty() || !adopted.isEmpty();
        }
    }

    @Override
    public int size() {
        return memory.size();
    }

    @Override
    public long spooled() {
        return spool.unacked();
    }

    @Override
    public long replayed() {
        return replayed.get();
    }

    /**
     * Stops: events in memory with a spool record are left to the next client; those that waited
     * in memory only are written to the spool now if it has room, and returned otherwise.
     */
    @Override
    public List<Event> close() {
        List<Event> left = new ArrayList<>();
        synchronized (closeLock) {
            closed = true;
            memory.drain(left);
        }
        List<Event> volatileOnly = new ArrayList<>();
        for (Event e : left) {
            if (e.spoolRef() == null) {
                append(e);
            }
            if (e.spoolRef() == null) {
                volatileOnly.add(e);
            } else if (e.future() != null) {
                e.future().complete(WebhookResponse.spooled());
            }
        }
        spool.close();
        return volatileOnly;
    }
}
