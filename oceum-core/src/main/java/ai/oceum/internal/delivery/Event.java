package ai.oceum.internal.delivery;

import ai.oceum.WebhookResponse;
import ai.oceum.internal.event.Payload;
import ai.oceum.internal.json.SafeJson;
import ai.oceum.internal.spool.SpoolRef;
import ai.oceum.internal.util.Ids;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.CompletableFuture;

/**
 * One telemetry event on its way to Oceum. Built on the caller's thread with as little work as
 * possible (its {@link Payload} holds values already at hand); the JSON body is written on the
 * sender thread (or at once when it goes to the spool). The id is made once, when it is first
 * needed (on the sender thread, or by the spool's write-ahead), and sent as the
 * {@code Idempotency-Key} of every attempt.
 *
 * <p>Thread-safety: the body and the spool record are published safely; the delivery state
 * ({@code attempts}, {@code dueNanos}, {@code slot}) belongs to whichever thread handles the event
 * at the time, one at a time; {@link #finish()} decides once who settles it.
 */
public final class Event {
    private static final VarHandle FINISHED;

    static {
        try {
            FINISHED = MethodHandles.lookup().findVarHandle(Event.class, "finished", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** See {@link #future()}: completing a completed future again does nothing. */
    private static final CompletableFuture<WebhookResponse> NOBODY_WAITS = CompletableFuture.completedFuture(null);

    private final String type;
    private final String agentId;
    /** Made on first use: the caller's thread never formats a UUID it does not need. */
    private volatile String id;

    private final long timestampMillis;
    private final Payload payload;
    private final CompletableFuture<WebhookResponse> future;
    /** Set once by {@link #finish()}, through {@code FINISHED} (no AtomicBoolean per event). */
    @SuppressWarnings("UnusedVariable")
    private volatile boolean finished;

    private volatile byte[] body;
    private volatile SpoolRef spoolRef;
    private volatile boolean replayed;
    /** The tasks whose order this event keeps ({@link TaskOrder}); made once, on the sender thread. */
    private String[] orderKeys;
    // Touched only by the sender and its callbacks, one at a time.
    int attempts;
    long dueNanos;
    /** This event's place in the order of its tasks; guarded by the {@link TaskOrder}'s lock. */
    TaskOrder.Slot slot;

    /** A new event from the caller's thread; its id is made when first needed. */
    public Event(
            String type,
            String agentId,
            long timestampMillis,
            Payload payload,
            CompletableFuture<WebhookResponse> future) {
        this(type, agentId, null, timestampMillis, payload, future);
    }

    /** An event with a given id (null: made when first needed). */
    public Event(
            String type,
            String agentId,
            String id,
            long timestampMillis,
            Payload payload,
            CompletableFuture<WebhookResponse> future) {
        this.type = type;
        this.agentId = agentId;
        this.id = id;
        this.timestampMillis = timestampMillis;
        this.payload = payload;
        this.future = future;
    }

    /**
     * An event read back from the spool: the body is already written, nobody waits on it.
     * {@code taskId}, {@code parentTaskId} and {@code taskStatus} are read from its body (null when absent).
     */
    public static Event fromSpool(
            String type, String id, byte[] body, SpoolRef ref, String taskId, String parentTaskId, String taskStatus) {
        Event e = new Event(type, null, id, 0, null, null);
        e.body = body;
        e.spoolRef = ref;
        e.replayed = true;
        e.orderKeys = TaskOrder.keysOf(type, taskId, parentTaskId, taskStatus);
        return e;
    }

    public String type() {
        return type;
    }

    /**
     * The event's id, made on first use. Events are handed from thread to thread through queues
     * (each hand-off publishes the event), so two threads never race to make it.
     */
    public String id() {
        String i = id;
        if (i == null) {
            i = Ids.newId();
            id = i;
        }
        return i;
    }

    /**
     * The future the caller holds; for an event nobody waits for (a replayed one, a task scope's
     * start or end), an already completed future that ignores being completed again.
     */
    public CompletableFuture<WebhookResponse> future() {
        return future != null ? future : NOBODY_WAITS;
    }

    /** Whether a caller holds this event's future (false for a replayed event or a task scope's start or end). */
    boolean watched() {
        return future != null;
    }

    /** The wire body, written once. */
    public byte[] body() {
        byte[] b = body;
        if (b == null) {
            b = SafeJson.envelope(type, agentId, id(), timestampMillis, payload == null ? null : payload.toData());
            body = b;
        }
        return b;
    }

    public SpoolRef spoolRef() {
        return spoolRef;
    }

    public void spoolRef(SpoolRef ref) {
        this.spoolRef = ref;
    }

    public boolean replayed() {
        return replayed;
    }

    /** The ids of the tasks this event must keep its place in (see {@link TaskOrder#keysOf}). */
    String[] orderKeys() {
        String[] k = orderKeys;
        if (k == null) {
            k = payload == null
                    ? TaskOrder.keysOf(type, null, null, null)
                    : TaskOrder.keysOf(type, payload.taskId(), payload.parentTaskId(), payload.taskStatus());
            orderKeys = k;
        }
        return k;
    }

    /** Claims the right to settle this event; true exactly once. */
    boolean finish() {
        return FINISHED.compareAndSet(this, false, true);
    }

    void complete(WebhookResponse response) {
        if (future != null) {
            future.complete(response);
        }
    }

    void fail(Throwable t) {
        if (future != null) {
            future.completeExceptionally(t);
        }
    }
}
