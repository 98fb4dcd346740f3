package ai.oceum.internal.delivery;

import static ai.oceum.internal.delivery.SendFixture.assertInvariant;
import static ai.oceum.internal.delivery.SendFixture.dropReason;
import static ai.oceum.internal.delivery.SendFixture.ofTask;
import static org.assertj.core.api.Assertions.assertThat;

import ai.oceum.DropReason;
import ai.oceum.OceumStats;
import ai.oceum.internal.delivery.SendFixture.FakeClock;
import ai.oceum.internal.delivery.SendFixture.Posted;
import ai.oceum.internal.event.Payload;
import ai.oceum.internal.transport.Answer;
import ai.oceum.internal.transport.Transport;
import ai.oceum.testing.LogCapture;
import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * An unreachable Oceum, driven turn by turn as in {@link SendStateMachineTest}: a mocked
 * {@link Transport} whose requests the test fails with "connection refused" or answers, and a
 * fake {@link Clock}. Shows when the sender starts holding, when each probe goes out, that a probe
 * failing costs no event its retries, how it resumes, and that 429/401/close behave as before.
 * Retry settings: 1 s initial delay, 30 s max delay (the outage's pauses double from 1 s to 30 s).
 */
class OutageStateMachineTest {
    private static final String AGENT = "outage";
    private static final long SECOND = SendFixture.SECOND;
    private static final long TICK = TimeUnit.MILLISECONDS.toNanos(10);

    private final SendFixture fixture = new SendFixture(AGENT);
    private final FakeClock clock = fixture.clock;
    private final List<Posted> posted = fixture.posted;

    private Dispatcher dispatcher(int maxRetries, int maxInFlight) {
        return fixture.dispatcher(maxRetries, maxInFlight);
    }

    private Event event(String type, Payload payload) {
        return fixture.event(type, payload);
    }

    private Event heartbeat() {
        return fixture.heartbeat();
    }

    private static void refuse(Posted p) {
        p.answer().completeExceptionally(new CompletionException(new ConnectException("Connection refused")));
    }

    /** Moves the clock in 10 ms ticks, a turn of the loop each, until a request goes out; returns the time taken. */
    private long stepUntilPosted(Dispatcher d, long atMostNanos) throws InterruptedException {
        int before = posted.size();
        long start = clock.nanoTime();
        while (posted.size() == before) {
            assertThat(clock.nanoTime() - start)
                    .as("no request within %d ms", atMostNanos / 1_000_000)
                    .isLessThanOrEqualTo(atMostNanos);
            clock.advance(TICK);
            d.loop().step();
        }
        assertThat(posted).as("one request at a time").hasSize(before + 1);
        return clock.nanoTime() - start;
    }

    /** Takes the dispatcher into an outage: 4 events on the wire, all refused; returns them (the 5th waits). */
    private List<Event> outage(Dispatcher d) throws InterruptedException {
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Event e = heartbeat();
            events.add(e);
            d.submit(e);
        }
        for (int i = 0; i < 4; i++) {
            d.loop().step();
        }
        assertThat(posted).hasSize(4);
        posted.forEach(OutageStateMachineTest::refuse);
        return events;
    }

    @Test
    void threeRequestsInARowWithoutAnAnswerHoldTheSenderWhichProbesOneAtATimeAtDoublingCappedPauses() throws Exception {
        Dispatcher d = dispatcher(3, 4);
        List<Event> events = outage(d);

        // Paused as a whole: nothing goes for at least 80 % of the first pause (1 s), not even the queued 5th.
        for (int i = 0; i < 79; i++) {
            clock.advance(TICK);
            d.loop().step();
        }
        assertThat(posted).as("paused 790 ms after the third failure").hasSize(4);

        // Then one probe per pause, each pause doubling from 1 s to the 30 s cap, 80-100 % of it.
        long[] expected = {SECOND, 2 * SECOND, 4 * SECOND, 8 * SECOND, 16 * SECOND, 30 * SECOND, 30 * SECOND};
        long elapsedBefore = 790_000_000L;
        for (int i = 0; i < expected.length; i++) {
            long took = stepUntilPosted(d, expected[i]) + elapsedBefore;
            elapsedBefore = 0;
            assertThat(took).as("pause before probe %d", i + 1).isBetween(expected[i] * 8 / 10, expected[i] + TICK);
            for (int j = 0; j < 20; j++) {
                clock.advance(TICK);
                d.loop().step();
            }
            assertThat(posted)
                    .as("only the probe is out while it waits for its answer")
                    .hasSize(4 + i + 1);
            refuse(posted.get(posted.size() - 1));
        }
        assertThat(events).allSatisfy(e -> assertThat(e.future()).isNotDone());
        OceumStats during = d.stats();
        assertThat(during.droppedTotal()).isZero();
        assertThat(during.queued()).as("everything held, nothing on the wire").isEqualTo(5);
        assertInvariant(during);
    }

    @Test
    void aProbeThatSucceedsResumesAndTheHeldEventsDrainAtMostMaxInFlightAtOnceWithTheirRetriesIntact()
            throws Exception {
        Dispatcher d = dispatcher(3, 4);
        List<Event> events;
        try (LogCapture logs = LogCapture.start()) {
            events = outage(d);
            // Ten failed probes: far more failures than maxRetries, but none against a reachable Oceum.
            for (int i = 0; i < 10; i++) {
                stepUntilPosted(d, 30 * SECOND);
                refuse(posted.get(posted.size() - 1));
            }
            int before = posted.size();
            stepUntilPosted(d, 30 * SECOND);
            posted.get(before).answer(200);

            for (int i = 0; i < 10; i++) {
                d.loop().step();
            }
            assertThat(posted)
                    .as("the held events go out, at most maxInFlight (4) at once")
                    .hasSize(before + 1 + 4);
            posted.subList(before + 1, posted.size()).forEach(p -> p.answer(200));

            assertThat(logs.warnings())
                    .as("one warning for the whole outage, at its first failure")
                    .hasSize(1)
                    .first()
                    .asString()
                    .contains("connection refused")
                    .contains("one request at a time probes");
            assertThat(logs.lines())
                    .as("one line when Oceum is back")
                    .filteredOn(l -> l.contains("reachable again"))
                    .hasSize(1);
        }
        assertThat(events)
                .allSatisfy(e -> assertThat(e.future()).isCompletedWithValueMatching(r -> r.statusCode() == 200));
        assertThat(posted)
                .as("5 events, 4 first attempts + 11 probes + 4 after: no event re-sent beyond that")
                .hasSize(4 + 11 + 4);
        OceumStats s = d.stats();
        assertThat(s.sent()).isEqualTo(5);
        assertThat(s.droppedTotal()).isZero();
        assertThat(s.queued()).isZero();
        assertInvariant(s);
    }

    @Test
    void withNoRetriesTheFirstRequestWithoutAnAnswerIsAnOutageAndTheEventIsHeldNotDropped() throws Exception {
        Dispatcher d = dispatcher(0, 4);
        Event e = heartbeat();
        d.submit(e);
        d.loop().step();
        refuse(posted.get(0));
        assertThat(e.future())
                .as("maxRetries 0 drops on an answer, not on an unreachable Oceum")
                .isNotDone();

        stepUntilPosted(d, SECOND);
        posted.get(1).answer(200);
        assertThat(e.future()).isCompletedWithValueMatching(r -> r.statusCode() == 200);
        assertInvariant(d.stats());
    }

    @Test
    void anIsolatedFailureBetweenAnswersIsNoOutageAndCountsAgainstTheRetries() throws Exception {
        Dispatcher d = dispatcher(3, 4);
        Event a = heartbeat();
        Event b = heartbeat();
        Event c = heartbeat();
        d.submit(a);
        d.submit(b);
        d.submit(c);
        for (int i = 0; i < 3; i++) {
            d.loop().step();
        }
        refuse(posted.get(0));
        posted.get(1).answer(200); // an answer: Oceum is reachable, the count starts again
        refuse(posted.get(2));
        Event next = heartbeat();
        d.submit(next);
        d.loop().step();
        assertThat(posted).as("not paused: the next event goes at once").hasSize(4);
        posted.get(3).answer(200);
        assertThat(d.stats().retried()).isEqualTo(2);
    }

    @Test
    void aProbeAnswered429EndsTheOutageAndPausesForRetryAfterAsBefore() throws Exception {
        Dispatcher d = dispatcher(3, 4);
        outage(d);
        stepUntilPosted(d, SECOND);
        Posted probe = posted.get(4);
        long retriedBefore = d.stats().retried();
        probe.answer().complete(new Answer(429, "", "5"));
        assertThat(d.stats().retried()).as("an answer: the attempt counts").isEqualTo(retriedBefore + 1);

        clock.advance(5 * SECOND - 1);
        d.loop().step();
        assertThat(posted).as("one nanosecond before Retry-After").hasSize(5);
        clock.advance(1);
        for (int i = 0; i < 10; i++) {
            d.loop().step();
        }
        assertThat(posted)
                .as("after Retry-After, no longer held: maxInFlight at once")
                .hasSize(9);
        assertThat(posted.subList(5, 9))
                .extracting(Posted::id)
                .as("the 429'd event among them")
                .contains(probe.id());
    }

    @Test
    void aProbeAnswered401EndsTheOutageAndTheRefusedKeyIsHandledAsBefore() throws Exception {
        Dispatcher d = dispatcher(3, 4);
        List<Event> events = outage(d);
        stepUntilPosted(d, SECOND);
        posted.get(4).answer(401);
        clock.advance(2 * SECOND); // every held event due
        for (int i = 0; i < 10; i++) {
            d.loop().step();
        }
        assertThat(posted)
                .as("no more requests with a key refused a moment ago")
                .hasSize(5);
        assertThat(events)
                .as("without a spool, settled locally as unauthorized")
                .allSatisfy(e -> assertThat(dropReason(e)).isEqualTo(DropReason.UNAUTHORIZED));
        assertInvariant(d.stats());
    }

    @Test
    void anEventOfATaskHeldInAnOutageStillGoesAfterTheTasksEarlierEvent() throws Exception {
        Dispatcher d = dispatcher(3, 4);
        Event start = event("task_start", ofTask("t1"));
        Event usage = event("usage", ofTask("t1"));
        Event other1 = heartbeat();
        Event other2 = heartbeat();
        d.submit(start);
        d.submit(usage);
        d.submit(other1);
        d.submit(other2);
        for (int i = 0; i < 4; i++) {
            d.loop().step();
        }
        assertThat(posted).extracting(Posted::id).containsExactly(start.id(), other1.id(), other2.id());
        refuse(posted.get(1));
        refuse(posted.get(2));
        refuse(posted.get(0)); // the third in a row: the start is held, first in line

        stepUntilPosted(d, SECOND);
        assertThat(posted.get(3).id())
                .as("the probe: the earliest held, the task's start")
                .isEqualTo(start.id());
        assertThat(posted)
                .extracting(Posted::id)
                .as("the usage waits for its task's start")
                .doesNotContain(usage.id());
        posted.get(3).answer(200);
        assertThat(posted.get(4).id())
                .as("the start's answer releases the usage")
                .isEqualTo(usage.id());
        clock.advance(2 * SECOND);
        for (int i = 0; i < 5; i++) {
            d.loop().step();
        }
        assertThat(posted.subList(5, posted.size()))
                .extracting(Posted::id)
                .containsExactlyInAnyOrder(other1.id(), other2.id());
        posted.subList(4, posted.size()).forEach(p -> p.answer(200));
        assertThat(d.stats().sent()).isEqualTo(4);
        assertInvariant(d.stats());
    }

    @Test
    void closeProbesAtOnceSoThatAReceiverBackDuringThePauseGetsTheHeldEvents() throws Exception {
        Dispatcher d = dispatcher(3, 4);
        outage(d);
        for (int i = 0; i < 5; i++) {
            stepUntilPosted(d, 30 * SECOND);
            refuse(posted.get(posted.size() - 1));
        }
        d.loop().step();
        assertThat(posted).as("paused for up to 30 s").hasSize(9);

        d.loop().closing();
        d.loop().step();
        assertThat(posted).as("close: one probe now, not after the pause").hasSize(10);
        d.loop().step();
        assertThat(posted).as("still one at a time").hasSize(10);
    }

    @Test
    void closeDuringAnOutagePauseEndsWithinItsTimeoutAndCountsWhatIsHeldAsShutdown() throws Exception {
        Dispatcher d = dispatcher(3, 4);
        List<Event> events = outage(d);
        stepUntilPosted(d, SECOND); // a probe on the wire at close

        long start = System.nanoTime();
        assertThat(d.close(Duration.ofMillis(300))).isFalse();
        long took = System.nanoTime() - start;

        assertThat(took).as("close ends within its timeout plus the abort").isLessThan(3 * SECOND);
        assertThat(events).allSatisfy(e -> assertThat(dropReason(e)).isEqualTo(DropReason.SHUTDOWN));
        OceumStats s = d.stats();
        assertThat(s.dropped(DropReason.SHUTDOWN)).isEqualTo(5);
        assertThat(s.queued()).isZero();
        assertThat(s.inFlight()).isZero();
        assertInvariant(s);
    }
}
