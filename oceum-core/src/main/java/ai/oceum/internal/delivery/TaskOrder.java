package ai.oceum.internal.delivery;

import ai.oceum.internal.spool.SpoolRef;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Causal order per task: an event that belongs to a task is not sent before the earlier events
 * of that task were answered or dropped, while different tasks go in parallel.
 *
 * <p>Each task id is a <em>chain</em>: the events of that task in the order the sender took them
 * (which is the order they were reported in). An event may be sent only when it is first in every
 * chain it belongs to ({@link #keysOf}): a task's own events are one chain, and a child task's
 * start and end are also in its parent's chain, so that the child starts after the parent and the
 * parent's end follows the child's. Every
 * event joins all its chains at once, in the sender's order, so the chains never wait on each
 * other in a circle.
 *
 * <p>What keeps memory bounded and the callers free: holding happens on the sender thread, after
 * the queue; at most {@code maxWaiting} events wait in memory behind an earlier one, and an event
 * past that ({@link Admission#OVER_LIMIT}) waits in the spool ({@link #park}) or is dropped,
 * counted. An event kept in the spool for later (Oceum unreachable, key refused) keeps its place:
 * its slot stays first, and the copy read back from the spool takes it again (matched by its
 * record). When an event is answered or dropped ({@link #release}), the next events of its chains
 * become {@link #pollReady ready}. Empty chains are forgotten.
 *
 * <p>Thread-safe: every method holds this object's lock; {@link #admit} and {@link #pollReady}
 * run on the sender thread, {@link #release} and {@link #park} on whichever thread settles an
 * event.
 */
final class TaskOrder {
    private static final String[] NONE = new String[0];

    /** What the sender does with an event it took. */
    enum Admission {
        /** First in all its chains (or in none): send it. */
        SEND,
        /** Behind an earlier event of its task: it waits here and comes back through {@link #pollReady}. */
        HELD,
        /** Behind an earlier event, and {@code maxWaiting} events wait already: park it in the spool or drop it. */
        OVER_LIMIT
    }

    /** One event's place in its chains. */
    static final class Slot {
        final String[] keys;
        /** The event, or null while it waits in the spool ({@link #parkedAt}). */
        Event event;

        SpoolRef parkedAt;
        /** Counted in {@link #waiting}: held or ready, not yet handed back to the sender. */
        boolean waiting;
        /** In {@link #ready}. */
        boolean readied;

        Slot(String[] keys, Event event) {
            this.keys = keys;
            this.event = event;
        }
    }

    private final int maxWaiting;
    private final Map<String, ArrayDeque<Slot>> chains = new HashMap<>();
    private final Map<SpoolRef, Slot> parked = new HashMap<>();
    private final ArrayDeque<Event> ready = new ArrayDeque<>();
    private int waiting;

    TaskOrder(int maxWaiting) {
        this.maxWaiting = maxWaiting;
    }

    /**
     * The chains an event belongs to: its task ({@code taskId}); for the start and the end
     * ({@code task_complete}, or an {@code error} with {@code taskStatus: "failed"}) of a child task
     * also its parent, so that a child starts after its parent started and a parent that ends after
     * its child is sent after the child's end; for an event that names only an enclosing task (a
     * plain {@code taskStart(name)} inside a scope) that task. None for the rest (heartbeats,
     * status). A child's other events are in its own chain only: siblings go side by side.
     */
    static String[] keysOf(String type, String taskId, String parentTaskId, String taskStatus) {
        if (taskId != null) {
            boolean startOrEnd = "task_start".equals(type)
                    || "task_complete".equals(type)
                    || ("error".equals(type) && "failed".equals(taskStatus));
            return parentTaskId != null && startOrEnd ? new String[] {parentTaskId, taskId} : new String[] {taskId};
        }
        return parentTaskId != null ? new String[] {parentTaskId} : NONE;
    }

    /** Places an event the sender took from the queue (new, read back from the spool, or put back). */
    synchronized Admission admit(Event e) {
        String[] keys = e.orderKeys();
        if (keys.length == 0) {
            return Admission.SEND;
        }
        Slot s = e.slot;
        if (s == null && e.spoolRef() != null) {
            s = parked.remove(e.spoolRef()); // a copy of a parked event: it takes its place again
            if (s != null) {
                s.event = e;
                s.parkedAt = null;
                e.slot = s;
            }
        }
        if (s == null) {
            s = new Slot(keys, e);
            e.slot = s;
            for (String k : keys) {
                chains.computeIfAbsent(k, x -> new ArrayDeque<>(4)).addLast(s);
            }
        }
        if (isFirst(s)) {
            return Admission.SEND;
        }
        if (waiting >= maxWaiting) {
            return Admission.OVER_LIMIT;
        }
        s.waiting = true;
        waiting++;
        return Admission.HELD;
    }

    /**
     * The event's copy waits in the spool at {@code ref} from now on: its slot keeps its place
     * and is taken again by the copy read back. Called before the record can be read back.
     */
    synchronized void park(Event e, SpoolRef ref) {
        Slot s = e.slot;
        if (s == null || ref == null) {
            return;
        }
        if (s.waiting) {
            s.waiting = false;
            waiting--;
        }
        if (s.readied) {
            s.readied = false;
            ready.remove(e);
        }
        s.event = null;
        s.parkedAt = ref;
        parked.put(ref, s);
    }

    /** The event was answered or dropped for good: the next events of its chains may go. */
    synchronized void release(Event e) {
        Slot s = e.slot;
        if (s == null) {
            return;
        }
        e.slot = null;
        releaseSlot(s);
    }

    /** A record that could not be read back from the spool: its parked slot is released. */
    synchronized void forget(SpoolRef lost) {
        Slot s = parked.remove(lost);
        if (s != null) {
            releaseSlot(s);
        }
    }

    private void releaseSlot(Slot s) {
        if (s.parkedAt != null) {
            parked.remove(s.parkedAt);
            s.parkedAt = null;
        }
        if (s.waiting) {
            s.waiting = false;
            waiting--;
        }
        if (s.readied) {
            s.readied = false;
            ready.remove(s.event);
        }
        List<Slot> next = new ArrayList<>(s.keys.length);
        for (String k : s.keys) {
            ArrayDeque<Slot> chain = chains.get(k);
            if (chain == null) {
                continue;
            }
            chain.remove(s); // the first, unless a waiting event is dropped
            if (chain.isEmpty()) {
                chains.remove(k);
            } else {
                next.add(chain.peekFirst());
            }
        }
        for (Slot n : next) {
            if (n.waiting && !n.readied && n.event != null && isFirst(n)) {
                n.readied = true;
                ready.addLast(n.event);
            }
        }
    }

    /** The next event whose turn has come, or null. */
    synchronized Event pollReady() {
        Event e = ready.pollFirst();
        if (e != null && e.slot != null) {
            e.slot.readied = false;
            if (e.slot.waiting) {
                e.slot.waiting = false;
                waiting--;
            }
        }
        return e;
    }

    synchronized boolean hasReady() {
        return !ready.isEmpty();
    }

    /** Events waiting in memory behind an earlier one of their task (held or ready). */
    synchronized int waiting() {
        return waiting;
    }

    /** Whether no event of any task is between the queue and its answer. */
    synchronized boolean isEmpty() {
        return chains.isEmpty();
    }

    /**
     * At close: every event waiting here, in chain order, and forgets all. The caller keeps them
     * in the spool or drops them.
     */
    synchronized List<Event> drainWaiting() {
        Set<Event> out = new LinkedHashSet<>(ready);
        for (ArrayDeque<Slot> chain : chains.values()) {
            for (Slot s : chain) {
                if (s.waiting && s.event != null) {
                    out.add(s.event);
                }
            }
        }
        for (Event e : out) {
            e.slot = null;
        }
        chains.clear();
        parked.clear();
        ready.clear();
        waiting = 0;
        return new ArrayList<>(out);
    }

    private boolean isFirst(Slot s) {
        for (String k : s.keys) {
            ArrayDeque<Slot> chain = chains.get(k);
            if (chain == null || chain.peekFirst() != s) {
                return false;
            }
        }
        return true;
    }
}
