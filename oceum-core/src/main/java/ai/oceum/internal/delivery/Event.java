package ai.oceum.internal.delivery;

import ai.oceum.WebhookResponse;
import ai.oceum.internal.event.Payload;
import ai.oceum.internal.json.SafeJson;
import ai.oceum.internal.spool.SpoolRef;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One telemetry event on its way to Oceum. Built on the caller's thread with as little work as
 * possible (its {@link Payload} holds values already at hand); the JSON body is written on the
 * sender thread (or at once when it goes to the spool). The id is made once and sent as the
 * {@code Idempotency-Key} of every attempt.
 *
 * <p>Thread-safety: the body and the spool record are published safely; the delivery state
 * ({@code attempts}, {@code dueNanos}, {@code slot}) belongs to whichever thread handles the event
 * at the time, one at a time; {@link #finish()} decides once who settles it.
 */
public final class Event {
    private final String type;
    private final String agentId;
    private final String id;
    private final long timestampMillis;
    private final Payload payload;
    private final CompletableFuture<WebhookResponse> future;
    private final AtomicBoolean finished = new AtomicBoolean();
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

    public String id() {
        return id;
    }

    public CompletableFuture<WebhookResponse> future() {
        return future;
    }

    /** The wire body, written once. */
    public byte[] body() {
        byte[] b = body;
        if (b == null) {
            b = SafeJson.envelope(type, agentId, id, timestampMillis, payload == null ? null : payload.toData());
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
        return finished.compareAndSet(false, true);
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
