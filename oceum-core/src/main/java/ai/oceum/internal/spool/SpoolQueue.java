package ai.oceum.internal.spool;

import ai.oceum.DropReason;
import ai.oceum.WebhookResponse;
import ai.oceum.internal.delivery.Event;
import ai.oceum.internal.delivery.EventQueue;
import ai.oceum.internal.json.SafeJson;
import ai.oceum.internal.util.ThrottledLogger;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
 */
public final class SpoolQueue implements EventQueue {
    private static final Logger log = LoggerFactory.getLogger("ai.oceum.spool");

    private final Spool spool;
    private final ArrayBlockingQueue<Event> memory;
    private final ArrayDeque<SpoolRef> backlog = new ArrayDeque<>();
    private final AtomicLong replayed = new AtomicLong();
    private final AtomicLong notSpooled = new AtomicLong();
    private final Object closeLock = new Object();
    private final int capacity;
    private volatile boolean closed;
    private final ThrottledLogger warnings = new ThrottledLogger(log, 30, TimeUnit.SECONDS);
    private int adoptedPending;

    public SpoolQueue(Spool spool, int capacity) {
        this.spool = spool;
        this.memory = new ArrayBlockingQueue<>(capacity);
        this.capacity = capacity;
        try {
            List<SpoolRef> orphans = spool.adoptOrphans();
            synchronized (backlog) {
                backlog.addAll(orphans);
                adoptedPending = orphans.size();
            }
            if (!orphans.isEmpty()) {
                log.info("Oceum spool {}: {} undelivered events from an earlier process will be sent",
                        spool.directory(), orphans.size());
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
     * {@link DropReason#QUEUE_FULL} when the disk did.
     */
    @Override
    public DropReason offer(Event event) {
        DropReason notWritten = append(event);
        if (memory.offer(event)) {
            if (notWritten != null) {
                notSpooled.incrementAndGet();
            }
            return null;
        }
        if (notWritten != null) {
            return notWritten;
        }
        synchronized (backlog) {
            backlog.add(event.spoolRef());
        }
        event.future().complete(WebhookResponse.spooled());
        return null;
    }

    /** Writes the event to the spool; null when written, otherwise the reason it could not be. */
    private DropReason append(Event event) {
        try {
            event.spoolRef(spool.append(event.body()));
            return null;
        } catch (Spool.FullException full) {
            warnings.warn("full", "Oceum spool " + spool.directory() + " is full (spoolMaxBytes " + spool.maxBytes()
                    + "); new events wait in memory only, and are lost if the process dies, until Oceum takes the"
                    + " backlog (counted in stats().notSpooled(); dropped as SPOOL_FULL when memory is full too)");
            return DropReason.SPOOL_FULL;
        } catch (IOException e) {
            // Disk trouble (full, read-only): keep delivering from memory, without durability.
            warnings.warn("write", "Oceum spool " + spool.directory() + " cannot be written (" + e
                    + "); new events wait in memory only until it can (counted in stats().notSpooled())");
            return DropReason.QUEUE_FULL;
        }
    }

    @Override
    public Event poll(long timeoutNanos) throws InterruptedException {
        return memory.poll(timeoutNanos, TimeUnit.NANOSECONDS);
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
    public Kept keepForLater(Event event, boolean mayHoldInMemory) {
        if (event.spoolRef() == null && !closed) {
            append(event);
        }
        SpoolRef ref = event.spoolRef();
        if (ref != null) {
            synchronized (backlog) {
                backlog.add(ref);
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
    public boolean refill() {
        List<SpoolRef> batch = new ArrayList<>();
        synchronized (backlog) {
            while (!backlog.isEmpty() && batch.size() < memory.remainingCapacity()) {
                batch.add(backlog.poll());
            }
        }
        int added = 0;
        for (SpoolRef ref : batch) {
            Event e = read(ref);
            if (e == null) {
                continue;
            }
            synchronized (backlog) {
                if (adoptedPending > 0) {
                    adoptedPending--;
                    replayed.incrementAndGet();
                }
            }
            if (memory.offer(e)) {
                added++;
            } else {
                synchronized (backlog) {
                    backlog.addFirst(ref);
                }
            }
        }
        return added > 0;
    }

    private Event read(SpoolRef ref) {
        try {
            byte[] body = spool.read(ref);
            Map<String, Object> envelope = SafeJson.parseObject(body);
            Object type = envelope.get("event");
            Object id = envelope.get("eventId");
            if (type == null || id == null) {
                spool.ack(ref); // unreadable record: sending it would only be rejected
                return null;
            }
            return Event.fromSpool(type.toString(), id.toString(), body, ref);
        } catch (IOException e) {
            warnings.warn("read", "Oceum spool " + spool.directory() + " could not read an event: " + e);
            return null;
        }
    }

    @Override
    public boolean hasBacklog() {
        synchronized (backlog) {
            return !backlog.isEmpty();
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
            memory.drainTo(left);
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
