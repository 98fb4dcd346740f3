package ai.oceum.internal.delivery;

import ai.oceum.DropReason;
import ai.oceum.OceumException;
import ai.oceum.OceumStats;
import ai.oceum.WebhookResponse;
import ai.oceum.internal.json.SafeJson;
import ai.oceum.internal.util.ReporterThreads;
import ai.oceum.internal.util.ThrottledLogger;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves events from the queue to Oceum: one sender thread, at most {@code maxInFlight} requests
 * on the wire, retries scheduled in a delay queue (never a sleeping thread per event), and a
 * global pause when Oceum asks for one (429) so that the whole sender backs off, not one event.
 *
 * <p>Every accepted event ends in exactly one place: delivered ({@code sent}), kept for later in
 * the spool, or dropped with a reason. {@link Event#finish()} guards that against the races of
 * close and late answers.
 */
public final class Dispatcher {
    private static final Logger log = LoggerFactory.getLogger("ai.oceum.delivery");
    private static final long IDLE_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    private static final long FLUSH_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final String WEBHOOK_PATH = "/api/webhook";

    private final String agentId;
    private final EventQueue queue;
    private final HttpTransport transport;
    private final RetryPolicy retryPolicy;
    private final ExecutorService callbacks;
    private final Semaphore permits;
    private final int maxInFlight;
    private final Counters counters = new Counters();
    private final PriorityQueue<Event> retries = new PriorityQueue<>(Comparator.comparingLong(e -> e.dueNanos));
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
    private final Object idle = new Object();
    private final AtomicBoolean closing = new AtomicBoolean();
    private final Thread sender;
    private volatile boolean stopped;
    private volatile long pausedUntilNanos;
    private volatile boolean authFailed;
    private volatile long authProbeAtNanos;

    public Dispatcher(String agentId, EventQueue queue, HttpTransport transport, RetryPolicy retryPolicy,
            int maxInFlight, ExecutorService callbacks) {
        this.agentId = agentId;
        this.queue = queue;
        this.transport = transport;
        this.retryPolicy = retryPolicy;
        this.maxInFlight = maxInFlight;
        this.permits = new Semaphore(maxInFlight);
        this.callbacks = callbacks;
        this.sender = ReporterThreads.factory("sender", agentId).newThread(this::run);
    }

    /** A cached pool of daemon threads for HTTP callbacks; idle threads end after a minute. */
    public static ExecutorService callbackExecutor(String agentId) {
        return Executors.newCachedThreadPool(ReporterThreads.factory("http", agentId));
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
                if (stopped) {
                    return;
                }
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
            synchronized (idle) {
                idle.notifyAll();
            }
            TimeUnit.NANOSECONDS.sleep(Math.min(pause, IDLE_POLL_NANOS));
            return;
        }
        if (!permits.tryAcquire(IDLE_POLL_NANOS, TimeUnit.NANOSECONDS)) {
            return;
        }
        inHand.incrementAndGet();
        try {
            Event next;
            try {
                next = nextDueRetry(now);
                if (next == null) {
                    long idlePoll = flushWaiters.get() > 0 ? FLUSH_POLL_NANOS : IDLE_POLL_NANOS;
                    long wait = Math.min(idlePoll, untilNextRetry(now));
                    if (retriesSize() >= queue.capacity()) {
                        // Bounded memory: while as many events wait for a retry as the queue holds
                        // (Oceum failing fast), take no more; the queue fills and refuses, counted.
                        TimeUnit.NANOSECONDS.sleep(wait);
                    } else {
                        next = queue.poll(wait);
                    }
                }
            } catch (InterruptedException | RuntimeException e) {
                permits.release();
                throw e;
            }
            if (next != null) {
                dispatch(next); // releases the permit when the answer comes
                return;
            }
        } finally {
            inHand.decrementAndGet();
        }
        permits.release();
        if (isIdle() && !queue.refill()) {
            synchronized (idle) {
                idle.notifyAll();
            }
        }
    }

    private Event nextDueRetry(long now) {
        synchronized (retries) {
            Event head = retries.peek();
            return head != null && head.dueNanos - now <= 0 ? retries.poll() : null;
        }
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

    private long untilNextRetry(long now) {
        synchronized (retries) {
            Event head = retries.peek();
            return head == null ? IDLE_POLL_NANOS : Math.max(1, head.dueNanos - now);
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
            // Rejected before any I/O (for example the callback pool is shut down during close).
            onAnswer(event, null, e);
        }
    }

    // ---------------------------------------------------------------- answers (callback threads)

    private void onAnswer(Event event, HttpResponse<String> response, Throwable error) {
        permits.release();
        try {
            if (error != null) {
                retryOrGiveUp(event, retryPolicy.backoffNanos(event.attempts), 0, "", describe(error));
                return;
            }
            int status = response.statusCode();
            switch (RetryPolicy.classify(status)) {
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
            synchronized (idle) {
                idle.notifyAll();
            }
        }
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
            warnings.warn("auth", "Oceum refused the API key for agent '" + agentId + "' (HTTP " + status + "). "
                    + (holding ? "Events are kept in the spool directory and sending is paused until the key works:"
                            + " fix OCEUM_API_KEY and restart, the next client on that directory delivers them."
                            : "Events are dropped until the key is fixed: check OCEUM_API_KEY")
                    + " Check that this key may report for this agent.");
        }
        keepOrDrop(event, DropReason.UNAUTHORIZED, status, body);
    }

    private void retryOrGiveUp(Event event, long waitNanos, int status, String body, String what) {
        if (!stopped && retryPolicy.mayRetry(event.attempts)) {
            counters.retried.increment();
            event.dueNanos = System.nanoTime() + waitNanos;
            synchronized (retries) {
                retries.add(event);
            }
            return;
        }
        if (keepForLater(event)) {
            if (!stopped) {
                // Oceum looks unreachable: rest before the next try.
                pauseFor(retryPolicy.maxDelayNanos());
                warnings.warn("unreachable", "Oceum is unreachable for agent '" + agentId + "' (" + what
                        + "); events are kept for later (spool) and retried every "
                        + Duration.ofNanos(retryPolicy.maxDelayNanos()).toMillis() + " ms");
            }
            return;
        }
        warnings.warn("exhausted", "Oceum did not accept events for agent '" + agentId + "' after "
                + retryPolicy.maxRetries() + " retries (" + what + "); they are dropped and counted in stats()");
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
     * says "spooled"), one held in memory stays pending. False when the queue keeps nothing.
     */
    private boolean keepForLater(Event event) {
        switch (queue.keepForLater(event, !stopped)) {
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
        if (event.finish()) {
            counters.sent.increment();
            event.complete(WebhookResponse.of(status, SafeJson.parseObject(body)));
        }
    }

    private void settleFailure(Event event, DropReason reason, int status, String body) {
        queue.completed(event);
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
        if (event.finish()) {
            counters.drop(reason);
            warnings.warn("drop-" + reason, "Oceum dropped events for agent '" + agentId + "': " + reason.description()
                    + " (see stats())");
            event.fail(new DroppedException("Oceum event '" + event.type() + "' dropped: " + reason.description(), reason));
        }
    }

    /**
     * The failure of a refused event. It runs on the caller's thread, and when Oceum is down or
     * slow every call takes this path: filling in a stack trace would cost several times the call
     * itself (see docs/benchmarks.md), and the trace would only show the telemetry call.
     */
    private static final class DroppedException extends OceumException {
        private static final long serialVersionUID = 1L;

        DroppedException(String message, DropReason reason) {
            super(message, 0, "", reason, null);
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }

    private static String describe(Throwable error) {
        Throwable t = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                ? error.getCause() : error;
        String m = t.getMessage();
        return t.getClass().getSimpleName() + (m == null ? "" : ": " + SafeJson.truncate(m, 200));
    }

    // ---------------------------------------------------------------- life cycle

    private boolean isIdle() {
        synchronized (retries) {
            if (!retries.isEmpty()) {
                return false;
            }
        }
        return inHand.get() == 0 && inFlight.isEmpty() && queue.size() == 0;
    }

    /**
     * Whether nothing is left to send. The spool's count of unanswered records is checked as well
     * as the containers: an event moving between them (backlog to memory during a refill, in
     * flight to the backlog after its last retry) is briefly in none of them, but stays unanswered
     * in the spool until Oceum answers it.
     */
    private boolean settled() {
        return !queue.hasBacklog() && isIdle() && queue.spooled() == 0;
    }

    /**
     * Waits until nothing is queued, retrying or in flight (spool backlog included), or the time
     * is up. Returns whether everything was settled.
     */
    public boolean flush(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        flushWaiters.incrementAndGet();
        try {
            return awaitSettled(deadline);
        } finally {
            flushWaiters.decrementAndGet();
        }
    }

    private boolean awaitSettled(long deadline) {
        synchronized (idle) {
            while (!settled()) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || stopped) {
                    return settled();
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
     * Stops accepting, flushes up to the timeout, stops the sender, then settles what is left:
     * kept in the spool, or dropped as {@link DropReason#SHUTDOWN}. Runs once.
     */
    public boolean close(Duration timeout) {
        if (!closing.compareAndSet(false, true)) {
            return true;
        }
        boolean drained = flush(timeout);
        stopped = true;
        sender.interrupt();
        try {
            sender.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<Event> left = new ArrayList<>();
        synchronized (retries) {
            left.addAll(retries);
            retries.clear();
        }
        left.addAll(inFlight);
        for (Event e : left) {
            if (!keepForLater(e)) {
                drop(e, DropReason.SHUTDOWN);
            }
        }
        for (Event e : queue.close()) {
            drop(e, DropReason.SHUTDOWN);
        }
        callbacks.shutdown();
        transport.close();
        return drained;
    }

    public OceumStats stats() {
        return new OceumStats(counters.accepted.sum(), queue.size() + retriesSize(), inFlight.size(),
                counters.sent.sum(), counters.retried.sum(), counters.failed.sum(), counters.dropped(),
                queue.spooled(), queue.replayed(), queue.notSpooled());
    }

    private int retriesSize() {
        synchronized (retries) {
            return retries.size();
        }
    }

    public int maxInFlight() {
        return maxInFlight;
    }
}
