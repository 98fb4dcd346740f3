package ai.oceum.internal.delivery;

import ai.oceum.DropReason;
import ai.oceum.OceumException;
import ai.oceum.OceumStats;
import ai.oceum.WebhookResponse;
import ai.oceum.internal.config.Settings;
import ai.oceum.internal.json.SafeJson;
import ai.oceum.internal.spool.SpoolRef;
import ai.oceum.internal.util.ReporterThreads;
import ai.oceum.internal.util.ThrottledLogger;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

// Over 400 lines: the sender loop, the answers and close() share one set of delivery state
// (permits, in flight, retries, task order, pause); issue 13 splits it.

/**
 * Moves events from the queue to Oceum: one sender thread, at most {@code maxInFlight} requests
 * on the wire, retries scheduled in a delay queue (never a sleeping thread per event), a global
 * pause when Oceum asks for one (429) so that the whole sender backs off, not one event, and the
 * events of one task sent in the order they happened ({@link TaskOrder}).
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
 */
public final class Dispatcher {
    private static final Logger log = LoggerFactory.getLogger("ai.oceum.delivery");
    private static final long IDLE_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    private static final long FLUSH_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    /** How long close() waits for the sender to notice it (it polls every 50 ms). */
    private static final long SENDER_STOP_MILLIS = 2000;
    /** How long close() waits for the answers of the requests it aborted to be handled. */
    private static final long ABORT_GRACE_NANOS = TimeUnit.SECONDS.toNanos(2);
    private static final String WEBHOOK_PATH = "/api/webhook";

    private final String agentId;
    private final EventQueue queue;
    private final HttpTransport transport;
    private final RetryPolicy retryPolicy;
    private final Semaphore permits;
    private final int maxInFlight;
    private final Counters counters = new Counters();
    private final RetryQueue retries = new RetryQueue();
    private final TaskOrder order;
    private final Set<Event> inFlight = ConcurrentHashMap.newKeySet();
    /**
     * Non-zero while the sender holds an event it took from the queue but has not yet put in
     * flight (or settled): without it, {@link #flush} could see an empty queue and nothing in
     * flight in that instant and return before the event is sent.
     */
    private final AtomicInteger inHand = new AtomicInteger();
    /** Threads waiting in {@link #flush}: the sender then polls briefly, so that it sees "idle" at once. */
    private final AtomicInteger flushWaiters = new AtomicInteger();
    private final ThrottledLogger warnings = new ThrottledLogger(log, 30, TimeUnit.SECONDS);
    private final DeliveryProblems problems;
    private final Object idle = new Object();
    private final AtomicBoolean closing = new AtomicBoolean();
    private final Thread sender;
    private volatile boolean stopped;
    private volatile boolean drainedAtClose;
    private volatile long pausedUntilNanos;
    private volatile boolean authFailed;
    private volatile long authProbeAtNanos;

    public Dispatcher(Settings settings, EventQueue queue, HttpTransport transport, RetryPolicy retryPolicy) {
        this.agentId = settings.agentId();
        this.queue = queue;
        this.transport = transport;
        this.retryPolicy = retryPolicy;
        this.maxInFlight = settings.maxInFlight();
        this.permits = new Semaphore(maxInFlight);
        this.order = new TaskOrder(queue.capacity());
        this.problems = new DeliveryProblems(agentId, transport.uri(WEBHOOK_PATH), settings.connectTimeout(),
                settings.requestTimeout(), warnings);
        this.sender = ReporterThreads.factory("sender", agentId).newThread(this::run);
    }

    public void start() {
        sender.start();
    }

    /**
     * Accepts an event from an application thread. Never blocks on the network, never throws:
     * a refusal completes the event's future exceptionally and is counted.
     */
    public void submit(Event event) {
        counters.accepted.increment();
        if (closing.get()) {
            drop(event, DropReason.SHUTDOWN);
            return;
        }
        DropReason refused = queue.offer(event);
        if (refused != null) {
            drop(event, refused);
        }
    }

    // ---------------------------------------------------------------- sender thread

    private void run() {
        while (!stopped) {
            try {
                step();
            } catch (InterruptedException e) {
                // Nobody interrupts the sender on purpose (close() lets it notice stopped): go on.
            } catch (Throwable t) {
                // The sender must survive anything a single event does to it.
                warnings.warn("sender", "Oceum sender hit an unexpected error and goes on: " + t);
            }
        }
    }

    private void step() throws InterruptedException {
        long now = System.nanoTime();
        long pause = pauseNanos(now);
        if (pause > 0) {
            notifyIdle();
            TimeUnit.NANOSECONDS.sleep(Math.min(pause, IDLE_POLL_NANOS));
            return;
        }
        if (!permits.tryAcquire(IDLE_POLL_NANOS, TimeUnit.NANOSECONDS)) {
            return;
        }
        inHand.incrementAndGet();
        try {
            // Retries and released events already have their place in the task order; new ones take theirs.
            Event next = retries.pollDue(now);
            if (next == null) {
                next = order.pollReady();
            }
            if (next == null) {
                next = poll(now);
                if (next != null && !admit(next)) {
                    permits.release();
                    return;
                }
            }
            if (next != null) {
                dispatch(next); // releases the permit when the answer comes
                return;
            }
        } catch (InterruptedException | RuntimeException e) {
            permits.release();
            throw e;
        } finally {
            inHand.decrementAndGet();
        }
        permits.release();
        // Nothing in memory: read back what waits on disk (not while retries are due to be sent).
        if (queue.size() == 0 && retries.size() == 0 && queue.refill(this::lostRecord)) {
            return;
        }
        if (isIdle()) {
            notifyIdle();
        }
    }

    private Event poll(long now) throws InterruptedException {
        long idlePoll = flushWaiters.get() > 0 ? FLUSH_POLL_NANOS : IDLE_POLL_NANOS;
        long wait = Math.min(idlePoll, retries.nanosUntilNext(now, IDLE_POLL_NANOS));
        if (retries.size() >= queue.capacity()) {
            // Bounded memory: while as many events wait for a retry as the queue holds (Oceum
            // failing fast), take no more; the queue fills and refuses, counted.
            TimeUnit.NANOSECONDS.sleep(wait);
            return null;
        }
        return queue.poll(wait);
    }

    /**
     * Gives a new event its place in the order of its task; true when it may go now. One that
     * must wait stays in {@link #order}; one past the bound on waiting events goes to the spool,
     * or without one is dropped as {@link DropReason#QUEUE_FULL} (releasing its successors).
     */
    private boolean admit(Event event) {
        switch (order.admit(event)) {
            case SEND:
                return true;
            case HELD:
                return false;
            default:
                if (event.spoolRef() == null || !keepForLater(event)) {
                    drop(event, DropReason.QUEUE_FULL);
                }
                return false;
        }
    }

    /** A spool record that could not be read back (dropped and counted by the queue). */
    private void lostRecord(SpoolRef ref) {
        order.forget(ref);
        notifyIdle();
    }

    /**
     * How long the sender rests: a 429 or an unreachable Oceum pauses it; so does a refused key
     * when events can wait in the spool, until the next probe.
     */
    private long pauseNanos(long now) {
        long pause = pausedUntilNanos - now;
        if (authFailed && queue.holdsUndeliverable()) {
            pause = Math.max(pause, authProbeAtNanos - now);
        }
        return pause;
    }

    private void pauseFor(long nanos) {
        long until = System.nanoTime() + nanos;
        if (until - pausedUntilNanos > 0) {
            pausedUntilNanos = until;
        }
    }

    private void dispatch(Event event) {
        if (authFailed) {
            long now = System.nanoTime();
            if (now - authProbeAtNanos < 0) {
                // The key was refused a moment ago: settle locally instead of hammering Oceum.
                permits.release();
                keepOrDrop(event, DropReason.UNAUTHORIZED, 401, "");
                return;
            }
            // This event is the probe; with a spool the sender rests until its answer or the next probe.
            authProbeAtNanos = now + retryPolicy.maxDelayNanos();
        }
        event.attempts++;
        inFlight.add(event);
        byte[] body;
        try {
            body = event.body();
        } catch (RuntimeException e) {
            body = SafeJson.envelope(event.type(), agentId, event.id(), System.currentTimeMillis(), java.util.Map.of());
        }
        try {
            // The answer completes on the SDK's own HTTP thread (HttpTransport): handle it there
            // rather than handing it to yet another thread (each hand-off costs CPU that, on a
            // 2-CPU host, the application's threads would otherwise have).
            transport.sendAsync(transport.post(WEBHOOK_PATH, body, event.id()))
                    .whenComplete((response, error) -> onAnswer(event, response, error));
        } catch (RuntimeException e) {
            onAnswer(event, null, e);
        }
    }

    /**
     * Sends events of a task whose earlier event was just answered, on the answering thread while
     * permits are free (the sender may be waiting on an empty queue); the sender takes the rest.
     */
    private void dispatchReady() {
        while (!stopped && pauseNanos(System.nanoTime()) <= 0 && order.hasReady() && permits.tryAcquire()) {
            Event next = order.pollReady();
            if (next == null) {
                permits.release();
                return;
            }
            dispatch(next);
        }
    }

    // ---------------------------------------------------------------- answers (HTTP threads)

    private void onAnswer(Event event, HttpResponse<String> response, Throwable error) {
        permits.release();
        try {
            if (error != null) {
                String why = problems.failed(error);
                retryOrGiveUp(event, retryPolicy.backoffNanos(event.attempts), 0, "", why);
                return;
            }
            int status = response.statusCode();
            RetryPolicy.Verdict verdict = RetryPolicy.classify(status);
            if (verdict != RetryPolicy.Verdict.SUCCESS) {
                problems.answered(status);
            }
            switch (verdict) {
                case SUCCESS -> settleSuccess(event, status, response.body());
                case RETRY -> {
                    long wait = status == 429
                            ? retryPolicy.retryAfterNanos(response.headers(), event.attempts, System.currentTimeMillis())
                            : retryPolicy.backoffNanos(event.attempts);
                    if (status == 429) {
                        // Oceum is rate limiting this key: every event waits, not only this one.
                        pauseFor(wait);
                    }
                    retryOrGiveUp(event, wait, status, response.body(), "HTTP " + status);
                }
                case UNAUTHORIZED -> onUnauthorized(event, status, response.body());
                case REJECTED -> {
                    warnings.warn("rejected-" + status, "Oceum rejected a '" + event.type() + "' event for agent '" + agentId
                            + "' with HTTP " + status + ": " + SafeJson.truncate(response.body(), 300));
                    settleFailure(event, DropReason.REJECTED, status, response.body());
                }
                default -> throw new IllegalStateException();
            }
        } catch (Throwable t) {
            settleFailure(event, DropReason.REJECTED, 0, "");
            warnings.warn("answer", "Oceum could not handle an answer: " + t);
        } finally {
            // Only now: until the event is settled or waiting in the retry queue, flush must see it.
            inFlight.remove(event);
            notifyIdle();
        }
        dispatchReady();
    }

    /**
     * A 401/403. With a spool the key is expected to be fixed (the agent restarted, or the key
     * re-enabled): events stay in the spool and the sender rests between probes, so that a client
     * with a working key delivers them later. Without one they are dropped, as the reference SDK
     * does. Either way one warning names the agent, and a probe every {@code retryMaxDelay} finds
     * out when the key works again.
     */
    private void onUnauthorized(Event event, int status, String body) {
        boolean holding = queue.holdsUndeliverable();
        authProbeAtNanos = System.nanoTime() + retryPolicy.maxDelayNanos();
        if (!authFailed) {
            authFailed = true;
            warnings.warn("auth", problems.keyRefused(status, holding));
        }
        keepOrDrop(event, DropReason.UNAUTHORIZED, status, body);
    }

    private void retryOrGiveUp(Event event, long waitNanos, int status, String body, String what) {
        if (!stopped && retryPolicy.mayRetry(event.attempts) && retries.add(event, System.nanoTime() + waitNanos)) {
            counters.retried.increment();
            return;
        }
        if (keepForLater(event)) {
            if (!stopped) {
                // Oceum looks unreachable: rest before the next try.
                pauseFor(retryPolicy.maxDelayNanos());
                warnings.warn("unreachable", "Oceum is unreachable for agent '" + agentId + "' at " + problems.target()
                        + " (" + what + "); events are kept for later (spool) and retried every "
                        + Duration.ofNanos(retryPolicy.maxDelayNanos()).toMillis() + " ms");
            }
            return;
        }
        if (!stopped) {
            warnings.warn("exhausted", "Oceum did not accept events for agent '" + agentId + "' at " + problems.target()
                    + " after " + retryPolicy.maxRetries() + " retries (" + what + "); they are dropped and counted in stats()");
        }
        settleFailure(event, stopped ? DropReason.SHUTDOWN : DropReason.RETRIES_EXHAUSTED, status, body);
    }

    /** Keeps an undeliverable event for later if the queue can, else drops it for {@code reason}. */
    private void keepOrDrop(Event event, DropReason reason, int status, String body) {
        if (!keepForLater(event)) {
            settleFailure(event, reason, status, body);
        }
    }

    /**
     * Hands an undeliverable event to the queue to keep: a spooled one is settled (its future
     * says "spooled") and keeps its place in its task's order; one held in memory stays pending.
     * False when the queue keeps nothing.
     */
    private boolean keepForLater(Event event) {
        switch (queue.keepForLater(event, !stopped, order::park)) {
            case DURABLY -> {
                if (event.finish()) {
                    event.complete(WebhookResponse.spooled());
                }
                return true;
            }
            case IN_MEMORY -> {
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    private void settleSuccess(Event event, int status, String body) {
        if (authFailed) {
            authFailed = false;
            warnings.reset("auth");
            log.info("Oceum accepts the API key for agent '{}' again", agentId);
        }
        queue.completed(event);
        order.release(event);
        if (event.finish()) {
            counters.sent.increment();
            event.complete(WebhookResponse.of(status, SafeJson.parseObject(body)));
        }
    }

    private void settleFailure(Event event, DropReason reason, int status, String body) {
        queue.completed(event);
        order.release(event);
        if (event.finish()) {
            counters.drop(reason);
            event.fail(new OceumException("Oceum event '" + event.type() + "' not delivered: " + reason.description()
                    + (status > 0 ? " (HTTP " + status + ")" : ""), status, body, reason, null));
        }
    }

    /**
     * Counts a telemetry call whose event could not even be built (an unexpected failure in the
     * SDK itself), so that it shows in {@link #stats()} as accepted and dropped as
     * {@link DropReason#REJECTED} instead of vanishing; warns at most every 30 s.
     */
    public void rejected(Throwable cause) {
        counters.accepted.increment();
        counters.drop(DropReason.REJECTED);
        warnings.warn("rejected", "Oceum could not record an event for agent '" + agentId + "': " + cause
                + " (counted as dropped, see stats())");
    }

    private void drop(Event event, DropReason reason) {
        order.release(event);
        if (event.finish()) {
            counters.drop(reason);
            warnings.warn("drop-" + reason, "Oceum dropped events for agent '" + agentId + "': " + reason.description()
                    + " (see stats())");
            event.fail(new DroppedException("Oceum event '" + event.type() + "' dropped: " + reason.description(), reason));
        }
    }

    // ---------------------------------------------------------------- life cycle

    private void notifyIdle() {
        synchronized (idle) {
            idle.notifyAll();
        }
    }

    private boolean isIdle() {
        return retries.size() == 0 && inHand.get() == 0 && inFlight.isEmpty() && queue.size() == 0;
    }

    /**
     * Whether nothing is left to send. The spool's count of unanswered records is checked as well
     * as the containers: an event moving between them (backlog to memory during a refill, in
     * flight to the backlog after its last retry) is briefly in none of them, but stays unanswered
     * in the spool until Oceum answers it.
     */
    private boolean settled() {
        return !queue.hasBacklog() && isIdle() && order.isEmpty() && queue.spooled() == 0;
    }

    /**
     * Waits until nothing is queued, retrying or in flight (spool backlog included), or the time
     * is up. Returns whether everything was settled.
     */
    public boolean flush(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        flushWaiters.incrementAndGet();
        try {
            return await(this::settled, deadline, true);
        } finally {
            flushWaiters.decrementAndGet();
        }
    }

    /** Waits until {@code done}, the deadline, or (when {@code untilStopped}) the sender's stop. */
    private boolean await(BooleanSupplier done, long deadline, boolean untilStopped) {
        synchronized (idle) {
            while (!done.getAsBoolean()) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || (untilStopped && stopped)) {
                    return done.getAsBoolean();
                }
                try {
                    idle.wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 50)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return true;
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
        boolean drained = flush(timeout);
        drainedAtClose = drained;
        stopped = true;
        try {
            sender.join(SENDER_STOP_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // Unanswered requests are not acknowledged: abort them and let their answers (errors now)
        // keep or drop their events, while the spool is still open.
        transport.abortSending();
        await(inFlight::isEmpty, System.nanoTime() + ABORT_GRACE_NANOS, false);
        List<Event> left = new ArrayList<>(retries.close());
        left.addAll(order.drainWaiting());
        left.addAll(inFlight); // none, unless an answer outlived the grace: finish() settles it once
        for (Event e : left) {
            if (!keepForLater(e)) {
                drop(e, DropReason.SHUTDOWN);
            }
        }
        for (Event e : queue.close()) {
            drop(e, DropReason.SHUTDOWN);
        }
        transport.close();
        String summary = problems.closeSummary(stats());
        if (summary != null) {
            log.warn(summary);
        }
        return drained;
    }

    public OceumStats stats() {
        Map<DropReason, Long> dropped = counters.dropped();
        long unreadable = queue.unreadable();
        if (unreadable > 0) {
            dropped = new EnumMap<>(dropped);
            dropped.merge(DropReason.SPOOL_UNREADABLE, unreadable, Long::sum);
        }
        return new OceumStats(counters.accepted.sum(), queue.size() + retries.size() + order.waiting(), inFlight.size(),
                counters.sent.sum(), counters.retried.sum(), counters.failed.sum(), dropped,
                queue.spooled(), queue.replayed(), queue.notSpooled());
    }

    public int maxInFlight() {
        return maxInFlight;
    }
}
