package ai.oceum.internal.delivery;

import ai.oceum.DropReason;
import ai.oceum.OceumStats;
import ai.oceum.internal.config.Settings;
import ai.oceum.internal.json.SafeJson;
import ai.oceum.internal.transport.NetworkFailures;
import ai.oceum.internal.transport.Transport;
import ai.oceum.internal.util.ReporterThreads;
import ai.oceum.internal.util.ThrottledLogger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves events from the queue to Oceum, and owns the life cycle of doing so: accepts events
 * ({@link #submit}), waits for them ({@link #flush}), stops ({@link #close}) and counts
 * ({@link #stats}). The work is done by its parts:
 * <ul>
 *   <li>{@link SendLoop}: one sender thread, at most {@code maxInFlight} requests on the wire,
 *       and what to do with each answer;</li>
 *   <li>{@link SendGate}: when the whole sender pauses (429) or holds and probes (an unreachable
 *       Oceum, a refused key);</li>
 *   <li>{@link RetryQueue}: retries waiting for their time, a delay queue;</li>
 *   <li>{@link TaskOrder}: the events of one task in the order they happened;</li>
 *   <li>{@link Settlement}: where each event ends, exactly once, counted;</li>
 *   <li>a {@link Transport} (HTTP in production).</li>
 * </ul>
 *
 * <p>Every accepted event ends in exactly one place: delivered ({@code sent}), kept for later in
 * the spool, or dropped with a reason. {@link Event#finish()} guards that against the races of
 * close and late answers.
 *
 * <p>Close contract ({@link #close}): new events are refused at once (counted as
 * {@link DropReason#SHUTDOWN}); what is queued is delivered until the timeout; requests still on
 * the wire then are aborted and count as not acknowledged: kept in the spool (the next client
 * sends them again, with the same {@code Idempotency-Key}) or dropped as {@code SHUTDOWN}. When
 * close returns, every future is complete and no answer is handled any more.
 *
 * <p>Thread-safe.
 */
public final class Dispatcher {
    private static final Logger log = LoggerFactory.getLogger("ai.oceum.delivery");
    /** How long close() waits for the sender to notice it (it polls every 50 ms). */
    private static final long SENDER_STOP_MILLIS = 2000;
    /** How long close() waits for the answers of the requests it aborted to be handled. */
    private static final long ABORT_GRACE_NANOS = TimeUnit.SECONDS.toNanos(2);

    private final EventQueue queue;
    private final Transport transport;
    private final int maxInFlight;
    private final RetryQueue retries = new RetryQueue();
    private final TaskOrder order;
    private final Settlement settlement;
    private final DeliveryProblems problems;
    private final SendLoop loop;
    private final AtomicBoolean closing = new AtomicBoolean();
    private final Thread sender;
    private volatile boolean drainedAtClose;

    /** A dispatcher on the system clock; {@link #start()} starts its sender thread. */
    public Dispatcher(
            Settings settings,
            EventQueue queue,
            Transport transport,
            RetryPolicy retryPolicy,
            NetworkFailures failures) {
        this(settings.agentId(), settings.maxInFlight(), queue, transport, retryPolicy, failures, Clock.SYSTEM);
    }

    Dispatcher(
            String agentId,
            int maxInFlight,
            EventQueue queue,
            Transport transport,
            RetryPolicy retryPolicy,
            NetworkFailures failures,
            Clock clock) {
        this.queue = queue;
        this.transport = transport;
        this.maxInFlight = maxInFlight;
        this.order = new TaskOrder(queue.capacity());
        ThrottledLogger warnings = new ThrottledLogger(log, 30, TimeUnit.SECONDS);
        this.settlement = new Settlement(agentId, queue, order, warnings);
        this.problems = new DeliveryProblems(agentId, transport.uri(Transport.WEBHOOK_PATH), failures, warnings);
        SendGate gate = new SendGate(
                clock, retryPolicy.maxRetries(), retryPolicy.initialDelayNanos(), retryPolicy.maxDelayNanos());
        this.loop = new SendLoop(
                agentId,
                queue,
                transport,
                retryPolicy,
                retries,
                order,
                gate,
                settlement,
                problems,
                warnings,
                clock,
                maxInFlight);
        this.sender = ReporterThreads.factory("sender", agentId).newThread(() -> {
            warmUp(agentId, callerPathWarmUp);
            loop.run();
        });
    }

    /** What {@link #start(Runnable)} runs first on the sender thread (nothing by default). */
    private volatile Runnable callerPathWarmUp = () -> {};

    /**
     * Loads and initialises the JSON stack (Jackson's factory, the envelope writer) on the sender
     * thread as it starts, so that the first events' bodies, written here anyway, do not pay for
     * it; and so that an application's first calls do not either when they write ahead to the
     * spool. Best effort: a failure here shows again, and is handled, where the code runs for real.
     */
    private static void warmUp(String agentId, Runnable callerPathWarmUp) {
        try {
            callerPathWarmUp.run();
        } catch (RuntimeException ignored) {
            // See above.
        }
        warmUpJson(agentId);
    }

    /**
     * Loads and initialises the JSON stack by writing one envelope. The sender thread does it as it
     * starts; a client with a spool does it while it is built too, because there the first
     * event's body is written on the application's thread (the write-ahead).
     */
    public static void warmUpJson(String agentId) {
        try {
            SafeJson.envelope(
                    "warm_up", agentId, "00000000-0000-4000-8000-000000000000", 0L, Map.<String, Object>of("k", 1));
        } catch (RuntimeException ignored) {
            // See above.
        }
    }

    /** Starts the sender thread. */
    public void start() {
        sender.start();
    }

    /**
     * Starts the sender thread, which first runs {@code callerPathWarmUp}: the client's code that
     * loads the classes an application's first calls would otherwise load on its own thread.
     */
    public void start(Runnable callerPathWarmUp) {
        this.callerPathWarmUp = callerPathWarmUp;
        sender.start();
    }

    /** The send loop, for tests that drive it turn by turn instead of starting the thread. */
    SendLoop loop() {
        return loop;
    }

    /**
     * Accepts an event from an application thread. Never blocks on the network, never throws:
     * a refusal completes the event's future exceptionally and is counted.
     */
    public void submit(Event event) {
        settlement.accepted();
        if (closing.get()) {
            settlement.drop(event, DropReason.SHUTDOWN);
            return;
        }
        DropReason refused;
        try {
            refused = queue.offer(event);
        } catch (RuntimeException e) {
            // With a spool the body is written on this thread, and a payload may fail to build
            // (a deferred error report whose supplier threw): counted here, once, as rejected.
            settlement.unbuildable(event, e);
            return;
        }
        if (refused != null) {
            settlement.drop(event, refused);
        }
    }

    /**
     * Counts a telemetry call whose event could not even be built (an unexpected failure in the
     * SDK itself), as accepted and dropped ({@link DropReason#REJECTED}); warns at most every 30 s.
     */
    public void rejected(Throwable cause) {
        settlement.rejected(cause);
    }

    /**
     * Waits until nothing is queued, retrying or in flight (spool backlog included), or the time
     * is up. Returns whether everything was settled.
     */
    public boolean flush(Duration timeout) {
        return loop.awaitSettled(System.nanoTime() + timeout.toNanos());
    }

    /**
     * Refuses new events, delivers what is queued until the timeout, then aborts the requests
     * still on the wire and settles what is left: kept in the spool, or dropped as
     * {@link DropReason#SHUTDOWN} (see the class comment). Returns whether everything was
     * delivered. Runs once; a second call returns the first one's result.
     */
    public boolean close(Duration timeout) {
        if (!closing.compareAndSet(false, true)) {
            return drainedAtClose;
        }
        loop.closing();
        boolean drained = flush(timeout);
        drainedAtClose = drained;
        loop.stop();
        try {
            sender.join(SENDER_STOP_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // Unanswered requests are not acknowledged: abort them and let their answers (errors now)
        // keep or drop their events, while the spool is still open.
        transport.abortSending();
        loop.awaitNothingInFlight(System.nanoTime() + ABORT_GRACE_NANOS);
        List<Event> left = new ArrayList<>(retries.close());
        left.addAll(order.drainWaiting());
        left.addAll(loop.inFlight()); // none, unless an answer outlived the grace: finish() settles it once
        for (Event e : left) {
            if (!settlement.keepForLater(e, false)) {
                settlement.drop(e, DropReason.SHUTDOWN);
            }
        }
        for (Event e : queue.close()) {
            settlement.drop(e, DropReason.SHUTDOWN);
        }
        transport.close();
        String summary = problems.closeSummary(stats());
        if (summary != null) {
            log.warn(summary);
        }
        return drained;
    }

    /** The delivery counters now. */
    public OceumStats stats() {
        return settlement.stats(() -> queue.size() + retries.size() + order.waiting(), loop::inFlightCount);
    }

    /** The most requests on the wire at once. */
    public int maxInFlight() {
        return maxInFlight;
    }
}
