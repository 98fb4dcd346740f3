package ai.oceum.internal.delivery;

import static ai.oceum.internal.delivery.SendFixture.assertInvariant;
import static ai.oceum.internal.delivery.SendFixture.dropReason;
import static ai.oceum.internal.delivery.SendFixture.ofTask;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.verify;

import ai.oceum.DropReason;
import ai.oceum.OceumStats;
import ai.oceum.WebhookResponse;
import ai.oceum.internal.delivery.SendFixture.FakeClock;
import ai.oceum.internal.delivery.SendFixture.Posted;
import ai.oceum.internal.event.Payload;
import ai.oceum.internal.transport.Answer;
import ai.oceum.internal.transport.Transport;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The delivery state machines driven turn by turn ({@link SendLoop#step()} on the test thread)
 * through the transport seam: a mocked {@link Transport} whose answers the test gives, and a fake
 * {@link Clock} that moves only when the test moves it. No sender thread, no HTTP, no waiting on
 * time: each test shows the exact moment a pause, a probe or a backoff ends. The loopback HTTP
 * tests (DispatcherTest, OceumCloseTest…) are the integration layer above this.
 */
class SendStateMachineTest {
    private static final String AGENT = "state-machine";
    private static final long SECOND = SendFixture.SECOND;

    private final SendFixture fixture = new SendFixture(AGENT);
    private final FakeClock clock = fixture.clock;
    private final List<Posted> posted = fixture.posted;
    private final Transport transport = fixture.transport;

    private Dispatcher dispatcher(int maxRetries, int maxInFlight) {
        return fixture.dispatcher(maxRetries, maxInFlight);
    }

    private Event event(String type, Payload payload) {
        return fixture.event(type, payload);
    }

    private Event heartbeat() {
        return fixture.heartbeat();
    }

    @Test
    void a429PausesTheWholeSenderUntilRetryAfterThenRetriesTheSameEventFirst() throws Exception {
        Dispatcher d = dispatcher(3, 4);
        Event a = heartbeat();
        Event b = heartbeat();
        d.submit(a);
        d.loop().step();
        assertThat(posted).extracting(Posted::id).containsExactly(a.id());

        posted.get(0).answer().complete(new Answer(429, "", "5"));
        d.submit(b);
        d.loop().step();
        assertThat(posted).as("paused: b waits although a permit is free").hasSize(1);
        assertThat(clock.sleeps)
                .as("the sender rests, in short naps")
                .isNotEmpty()
                .allSatisfy(n -> assertThat(n).isPositive().isLessThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(50)));

        clock.advance(5 * SECOND - 1);
        d.loop().step();
        assertThat(posted).as("one nanosecond before Retry-After").hasSize(1);

        clock.advance(1);
        d.loop().step();
        d.loop().step();
        assertThat(posted)
                .extracting(Posted::id)
                .as("the retry keeps its id and goes before b")
                .containsExactly(a.id(), a.id(), b.id());
        posted.get(1).answer(200);
        posted.get(2).answer(200);
        assertThat(a.future()).isCompletedWithValueMatching(r -> r.statusCode() == 200);
        assertThat(b.future()).isCompletedWithValueMatching(r -> r.statusCode() == 200);
        OceumStats s = d.stats();
        assertThat(s.sent()).isEqualTo(2);
        assertThat(s.retried()).isEqualTo(1);
        assertInvariant(s);
    }

    @Test
    void aRefusedKeyIsProbedOncePerIntervalAndEventsBetweenProbesAreSettledLocally() throws Exception {
        Dispatcher d = dispatcher(3, 4);
        Event first = heartbeat();
        d.submit(first);
        d.loop().step();
        posted.get(0).answer(401);
        assertThat(dropReason(first)).isEqualTo(DropReason.UNAUTHORIZED);

        Event between = heartbeat();
        d.submit(between);
        d.loop().step();
        assertThat(posted).as("not sent with a key refused a moment ago").hasSize(1);
        assertThat(dropReason(between)).isEqualTo(DropReason.UNAUTHORIZED);

        clock.advance(30 * SECOND - 1);
        Event stillBetween = heartbeat();
        d.submit(stillBetween);
        d.loop().step();
        assertThat(posted).hasSize(1);
        assertThat(dropReason(stillBetween)).isEqualTo(DropReason.UNAUTHORIZED);

        clock.advance(1);
        Event probe = heartbeat();
        d.submit(probe);
        d.loop().step();
        assertThat(posted)
                .extracting(Posted::id)
                .as("one probe after retryMaxDelay")
                .containsExactly(first.id(), probe.id());
        posted.get(1).answer(200);
        assertThat(probe.future()).isCompletedWithValueMatching(WebhookResponse::ok);

        Event after = heartbeat();
        d.submit(after);
        d.loop().step();
        assertThat(posted).as("the key works again: sent at once").hasSize(3);
        posted.get(2).answer(200);
        OceumStats s = d.stats();
        assertThat(s.sent()).isEqualTo(2);
        assertThat(s.dropped()).containsEntry(DropReason.UNAUTHORIZED, 3L);
        assertInvariant(s);
    }

    @Test
    void serverErrorsBackOffExponentiallyWithJitterUntilTheRetriesRunOut() throws Exception {
        Dispatcher d = dispatcher(2, 4);
        Event e = heartbeat();
        d.submit(e);
        d.loop().step();
        posted.get(0).answer(503);

        // Attempt 2 is due 1 s ±20 % later, attempt 3 2 s ±20 % after that.
        clock.advance(800_000_000L - 1);
        d.loop().step();
        assertThat(posted).as("before the shortest first backoff").hasSize(1);
        clock.advance(400_000_000L + 1);
        d.loop().step();
        assertThat(posted).as("by the longest first backoff").hasSize(2);
        posted.get(1).answer(503);

        clock.advance(1_600_000_000L - 1);
        d.loop().step();
        assertThat(posted).as("before the shortest second backoff").hasSize(2);
        clock.advance(800_000_000L + 1);
        d.loop().step();
        assertThat(posted)
                .extracting(Posted::id)
                .as("same id on every attempt")
                .containsExactly(e.id(), e.id(), e.id());
        posted.get(2).answer(503);

        assertThat(dropReason(e)).isEqualTo(DropReason.RETRIES_EXHAUSTED);
        OceumStats s = d.stats();
        assertThat(s.retried()).isEqualTo(2);
        assertThat(s.dropped()).containsEntry(DropReason.RETRIES_EXHAUSTED, 1L);
        assertInvariant(s);
    }

    @Test
    void anEventOfATaskWaitsForTheAnswerToTheTasksEarlierEventWhileOtherTasksGoOn() throws Exception {
        Dispatcher d = dispatcher(3, 4);
        Event start = event("task_start", ofTask("t1"));
        Event usage = event("usage", ofTask("t1"));
        Event other = event("usage", ofTask("t2"));
        d.submit(start);
        d.submit(usage);
        d.submit(other);
        for (int i = 0; i < 3; i++) {
            d.loop().step();
        }
        assertThat(posted)
                .extracting(Posted::id)
                .as("t1's usage held, t2 goes side by side")
                .containsExactly(start.id(), other.id());

        posted.get(0).answer(503);
        clock.advance(2 * SECOND);
        d.loop().step();
        assertThat(posted)
                .extracting(Posted::id)
                .as("the retry of the start, still before the usage")
                .containsExactly(start.id(), other.id(), start.id());

        posted.get(2).answer(200); // the answer releases the usage, sent from the answering thread
        assertThat(posted).extracting(Posted::id).last().isEqualTo(usage.id());
        posted.get(1).answer(200);
        posted.get(3).answer(200);
        assertThat(d.stats().sent()).isEqualTo(3);
        assertInvariant(d.stats());
    }

    @Test
    void closeAbortsTheRequestsOnTheWireAndSettlesEveryEventOnce() throws Exception {
        Dispatcher d = dispatcher(3, 1);
        Event onTheWire = heartbeat();
        Event queued = heartbeat();
        d.submit(onTheWire);
        d.submit(queued);
        d.loop().step();
        assertThat(posted).hasSize(1);

        assertThat(d.close(Duration.ofMillis(100)))
                .as("not everything was delivered")
                .isFalse();

        verify(transport).abortSending();
        verify(transport).close();
        assertThat(dropReason(onTheWire)).isEqualTo(DropReason.SHUTDOWN);
        assertThat(dropReason(queued)).isEqualTo(DropReason.SHUTDOWN);
        Event late = heartbeat();
        d.submit(late);
        assertThat(dropReason(late)).isEqualTo(DropReason.SHUTDOWN);
        assertThat(d.close(Duration.ofSeconds(1)))
                .as("a second close returns the first one's result")
                .isFalse();
        OceumStats s = d.stats();
        assertThat(s.accepted()).isEqualTo(3);
        assertThat(s.dropped()).containsEntry(DropReason.SHUTDOWN, 3L);
        assertInvariant(s);
    }

    @Test
    void anEventWhoseBodyCannotBeBuiltIsDroppedAsRejectedItsPermitFreedAndTheNextOneSent() throws Exception {
        // One request at a time: a permit kept by the broken event would stop the sender here.
        Dispatcher d = dispatcher(3, 1);
        Event broken = event("error", () -> {
            throw new IllegalStateException("report supplier failed");
        });
        Event next = heartbeat();
        d.submit(broken);
        d.submit(next);

        d.loop().step();
        assertThat(dropReason(broken)).isEqualTo(DropReason.REJECTED);
        assertThat(posted).as("never sent half-built").isEmpty();

        d.loop().step();
        assertThat(posted).extracting(Posted::id).containsExactly(next.id());
        posted.get(0).answer(200);
        assertThat(next.future()).isCompleted();

        OceumStats s = d.stats();
        assertThat(s.accepted()).isEqualTo(2);
        assertThat(s.sent()).isEqualTo(1);
        assertThat(s.dropped()).containsEntry(DropReason.REJECTED, 1L);
        assertThat(s.inFlight()).isZero();
        assertInvariant(s);
    }
}
