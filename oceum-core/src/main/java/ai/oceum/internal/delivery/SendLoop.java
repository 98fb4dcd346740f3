// Over 400 lines on purpose: the sender thread's one loop (take an event, admit it in task order,
// send it, settle its answer or hold it while Oceum is unreachable, wait for flush and close) and the
// state only that thread changes; split, the in-flight and idle rules would be spread over classes
// that all need the same fields.
package ai.oceum.internal.delivery;

import ai.oceum.DropReason;
import ai.oceum.internal.json.SafeJson;
import ai.oceum.internal.spool.SpoolRef;
import ai.oceum.internal.transport.Answer;
import ai.oceum.internal.transport.NetworkFailures;
import ai.oceum.internal.transport.Transport;
import ai.oceum.internal.util.Fatal;
import ai.oceum.internal.util.ThrottledLogger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * The send loop and what it does with each answer: takes the next event (a retry that is due, an
 * event whose turn in its task has come, else the queue), asks the {@link SendGate} whether it may
 * go, puts it on the wire with at most {@code maxInFlight} requests at once, and on the answer
 * settles it, schedules its retry in the {@link RetryQueue} (never a sleeping thread per event),
 * or reports a pause to the gate. When Oceum stops answering at all (an outage, see
 * {@link SendGate}), events are held rather than retried one by one: an attempt that got no answer
 * while Oceum was unreachable does not count against {@code maxRetries}.
 *
 * <p>{@link #step()} is one turn of the loop; the sender thread runs it until stopped, and tests
 * run it on their own thread against a fake {@link Transport} and {@link Clock}.
 *
 * <p>Thread-safety: {@link #step()} runs on one thread at a time (the sender). Answers are handled
 * on the thread that completes the transport's future (the SDK's own HTTP threads), which may
 * also send the next events of the task just answered ({@link #dispatchReady()}); the permits,
 * the in-flight set and the concurrent parts ({@link TaskOrder}, {@link RetryQueue},
 * {@link Settlement}, {@link SendGate}) make that safe. Flush and close wait on {@link #idle} in
 * real time, whatever the clock.
 */
final class SendLoop implements Runnable {
    private static final long IDLE_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    private static final long FLUSH_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final String agentId;
    private final EventQueue queue;
    private final Transport transport;
    private final RetryPolicy retryPolicy;
    private final RetryQueue retries;
    private final TaskOrder order;
    private final SendGate gate;
    private final Settlement settlement;
    private final DeliveryProblems problems;
    private final ThrottledLogger warnings;
    private final Clock clock;
    private final Semaphore permits;
    private final Set<Event> inFlight = ConcurrentHashMap.newKeySet();
    /**
     * Non-zero while the sender holds an event it took from the queue but has not yet put in
     * flight (or settled): without it, a flush could see an empty queue and nothing in flight in
     * that instant and return before the event is sent.
     */
    private final AtomicInteger inHand = new AtomicInteger();
    /** Threads waiting in a flush: the sender then polls briefly, so that it sees "idle" at once. */
    private final AtomicInteger flushWaiters = new AtomicInteger();

    private final Object idle = new Object();
    private volatile boolean stopped;

    SendLoop(
            String agentId,
            EventQueue queue,
            Transport transport,
            RetryPolicy retryPolicy,
            RetryQueue retries,
            TaskOrder order,
            SendGate gate,
            Settlement settlement,
            DeliveryProblems problems,
            ThrottledLogger warnings,
            Clock clock,
            int maxInFlight) {
        this.agentId = agentId;
        this.queue = queue;
        this.transport = transport;
        this.retryPolicy = retryPolicy;
        this.retries = retries;
        this.order = order;
        this.gate = gate;
        this.settlement = settlement;
        this.problems = problems;
        this.warnings = warnings;
        this.clock = clock;
        this.permits = new Semaphore(maxInFlight);
    }

    /** The sender thread's body: {@link #step()} until {@link #stop()}. */
    @Override
    public void run() {
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

    /** One turn: rest while the gate says so, else send one event, else refill from the spool, else signal idle. */
    void step() throws InterruptedException {
        long now = clock.nanoTime();
        long rest = gate.restNanos(now, queue.holdsUndeliverable());
        if (rest > 0) {
            notifyIdle();
            clock.sleepNanos(Math.min(rest, IDLE_POLL_NANOS));
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
            clock.sleepNanos(wait);
            return null;
        }
        return queue.poll(wait);
    }

    /**
     * Gives a new event its place in the order of its task; true when it may go now. One that
     * must wait stays in the {@link TaskOrder}; one past the bound on waiting events goes to the
     * spool, or without one is dropped as {@link DropReason#QUEUE_FULL} (releasing its successors).
     */
    private boolean admit(Event event) {
        switch (order.admit(event)) {
            case SEND:
                return true;
            case HELD:
                return false;
            default:
                if (event.spoolRef() == null || !settlement.keepForLater(event, !stopped)) {
                    settlement.drop(event, DropReason.QUEUE_FULL);
                }
                return false;
        }
    }

    /** A spool record that could not be read back (dropped and counted by the queue). */
    private void lostRecord(SpoolRef ref) {
        order.forget(ref);
        notifyIdle();
    }

    private void dispatch(Event event) {
        SendGate.Pass pass = gate.pass(event);
        if (pass == SendGate.Pass.REFUSED) {
            // The key was refused a moment ago: settle locally instead of hammering Oceum.
            permits.release();
            settlement.keepOrFail(event, !stopped, DropReason.UNAUTHORIZED, 401, "");
            return;
        }
        if (pass == SendGate.Pass.HOLD) {
            // Oceum became unreachable since the sender asked the gate: the event waits, first
            // in line and keeping its place in its task, with no attempt made.
            permits.release();
            hold(event, clock.nanoTime());
            return;
        }
        event.attempts++;
        inFlight.add(event);
        byte[] body;
        try {
            body = event.body();
        } catch (Throwable t) {
            unbuildable(event, t);
            return;
        }
        try {
            // The answer completes on the SDK's own HTTP thread (HttpTransport): handle it there
            // rather than handing it to yet another thread (each hand-off costs CPU that, on a
            // 2-CPU host, the application's threads would otherwise have).
            transport
                    .post(Transport.WEBHOOK_PATH, body, event.id())
                    .whenComplete((answer, error) -> onAnswer(event, answer, error));
        } catch (RuntimeException e) {
            onAnswer(event, null, e);
        }
    }

    /**
     * An event whose body could not be written (a payload that failed on this thread, such as a
     * deferred error report whose supplier threw): never sent half-built, but dropped as
     * {@link DropReason#REJECTED}, counted and warned about (rate-limited). The sender goes on;
     * only a failing JVM is rethrown, after the event is settled.
     */
    private void unbuildable(Event event, Throwable t) {
        permits.release();
        try {
            settlement.unbuildable(event, t);
        } finally {
            inFlight.remove(event);
            notifyIdle();
        }
        Fatal.rethrowIfFatal(t);
    }

    /**
     * Sends events of a task whose earlier event was just answered, on the answering thread while
     * permits are free (the sender may be waiting on an empty queue); the sender takes the rest.
     */
    private void dispatchReady() {
        while (!stopped
                && gate.restNanos(clock.nanoTime(), queue.holdsUndeliverable()) <= 0
                && order.hasReady()
                && permits.tryAcquire()) {
            Event next = order.pollReady();
            if (next == null) {
                permits.release();
                return;
            }
            dispatch(next);
        }
    }

    // ---------------------------------------------------------------- answers (HTTP threads)

    private void onAnswer(Event event, Answer answer, Throwable error) {
        try {
            if (error != null) {
                onNoAnswer(event, error);
                return;
            }
            long outage = gate.reachable();
            if (outage >= 0) {
                warnings.reset("network");
                problems.reachableAgain(outage, queue.size() + retries.size() + order.waiting(), queue.hasBacklog());
            }
            int status = answer.status();
            RetryPolicy.Verdict verdict = RetryPolicy.classify(status);
            if (verdict != RetryPolicy.Verdict.SUCCESS) {
                problems.answered(status);
            }
            switch (verdict) {
                case SUCCESS -> {
                    if (gate.keyAccepted()) {
                        warnings.reset("auth");
                        problems.keyAcceptedAgain();
                    }
                    settlement.delivered(event, status, answer.body());
                }
                case RETRY -> {
                    long wait = retryPolicy.waitBeforeRetry(answer, event.attempts, clock.currentTimeMillis());
                    if (RetryPolicy.pausesEverything(status)) {
                        // Oceum is rate limiting this key: every event waits, not only this one.
                        gate.pauseFor(wait);
                    }
                    retryOrGiveUp(event, wait, status, answer.body(), "HTTP " + status);
                }
                case UNAUTHORIZED -> onUnauthorized(event, status, answer.body());
                case REJECTED -> {
                    warnings.warn(
                            "rejected-" + status,
                            "Oceum rejected a '" + event.type() + "' event for agent '" + agentId + "' with HTTP "
                                    + status + ": " + SafeJson.truncate(answer.body(), 300));
                    settlement.failed(event, DropReason.REJECTED, status, answer.body());
                }
                default -> throw new IllegalStateException();
            }
        } catch (Throwable t) {
            settlement.failed(event, DropReason.REJECTED, 0, "");
            warnings.warn("answer", "Oceum could not handle an answer: " + t);
        } finally {
            // The permit only now, after the gate has learnt what this answer says: released first,
            // it let the sender (waiting for it) send the next event into a refused key or a
            // rate-limit pause that this answer was about to announce (DispatcherTest
            // #aRefusedKeyIsWarnedAboutOnceNamingTheAgentAndStopsHammering saw 6 requests for 4 in
            // flight once the queue hand-off got faster).
            permits.release();
            // Only now: until the event is settled or waiting in the retry queue, flush must see it.
            inFlight.remove(event);
            if (inFlight.isEmpty()) {
                // Flush and close wait for nothing in flight at least: while other requests are on
                // the wire neither can be satisfied, so only the answer that empties the set wakes
                // them (a thread in flush() was woken once per delivered event, 10 µs of its CPU each).
                notifyIdle();
            }
        }
        dispatchReady();
    }

    /**
     * A request that got no answer. An isolated failure retries on its own backoff, its attempt
     * counted. Once the gate sees an outage (several in a row), the event is held instead, its
     * attempt given back: attempts count only against a reachable Oceum, so an outage of any
     * length costs no event its retries (the bounded queue, or the spool, holds them).
     */
    private void onNoAnswer(Event event, Throwable error) {
        long now = clock.nanoTime();
        SendGate.Outage outage = NetworkFailures.isAbort(error) ? SendGate.Outage.NONE : gate.noAnswer(event, now);
        String why = problems.failed(error, outage);
        if (outage != SendGate.Outage.NONE && !stopped) {
            event.attempts--;
            if (retries.add(event, now)) {
                settlement.retried();
                return;
            }
        }
        retryOrGiveUp(event, retryPolicy.backoffNanos(event.attempts), 0, "", why);
    }

    /** Puts an event the gate held back first in line for when Oceum answers again. */
    private void hold(Event event, long now) {
        if (!retries.add(event, now) && !settlement.keepForLater(event, false)) {
            settlement.drop(event, DropReason.SHUTDOWN); // close took the retries already
        }
        notifyIdle();
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
        if (gate.keyRefused(clock.nanoTime())) {
            warnings.warn("auth", problems.keyRefused(status, holding));
        }
        settlement.keepOrFail(event, !stopped, DropReason.UNAUTHORIZED, status, body);
    }

    private void retryOrGiveUp(Event event, long waitNanos, int status, String body, String what) {
        if (!stopped && retryPolicy.mayRetry(event.attempts) && retries.add(event, clock.nanoTime() + waitNanos)) {
            settlement.retried();
            return;
        }
        if (settlement.keepForLater(event, !stopped)) {
            if (!stopped) {
                // Oceum answers but does not take events: rest before the next try.
                gate.restAfterRetriesRanOut();
                warnings.warn(
                        "kept",
                        "Oceum did not accept events for agent '" + agentId + "' at " + problems.target()
                                + " after " + retryPolicy.maxRetries() + " retries (" + what
                                + "); they are kept in the spool and"
                                + " sent again after a rest of "
                                + Duration.ofNanos(gate.probeIntervalNanos()).toMillis() + " ms");
            }
            return;
        }
        if (!stopped) {
            warnings.warn(
                    "exhausted",
                    "Oceum did not accept events for agent '" + agentId + "' at " + problems.target() + " after "
                            + retryPolicy.maxRetries() + " retries (" + what
                            + "); they are dropped and counted in stats()");
        }
        settlement.failed(event, stopped ? DropReason.SHUTDOWN : DropReason.RETRIES_EXHAUSTED, status, body);
    }

    // ---------------------------------------------------------------- idle, flush and stop

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
     * Waits until nothing is queued, retrying or in flight (spool backlog included), the
     * deadline ({@link System#nanoTime()}), or the stop. Returns whether everything was settled.
     */
    boolean awaitSettled(long deadlineNanos) {
        flushWaiters.incrementAndGet();
        try {
            return await(this::settled, deadlineNanos, true);
        } finally {
            flushWaiters.decrementAndGet();
        }
    }

    /** Waits until no request is on the wire, or the deadline ({@link System#nanoTime()}). */
    boolean awaitNothingInFlight(long deadlineNanos) {
        return await(inFlight::isEmpty, deadlineNanos, false);
    }

    /** Waits until {@code done}, the deadline, or (when {@code untilStopped}) the stop. */
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
     * Close began: during an outage the next probe goes now, not after the pause, so that a
     * receiver that is back gets what is held within the close timeout.
     */
    void closing() {
        gate.probeNow(clock.nanoTime());
    }

    /** Stops the loop: the sender ends its turn, answers from now on settle instead of retrying. */
    void stop() {
        stopped = true;
    }

    /** Whether {@link #stop()} ran. */
    boolean isStopped() {
        return stopped;
    }

    /** The events on the wire now (none once every answer was handled). */
    List<Event> inFlight() {
        return new ArrayList<>(inFlight);
    }

    /** Requests on the wire now. */
    int inFlightCount() {
        return inFlight.size();
    }
}
