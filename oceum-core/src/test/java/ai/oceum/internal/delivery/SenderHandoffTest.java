package ai.oceum.internal.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import ai.oceum.internal.event.Payload;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The ring between application threads and the sender ({@link SenderHandoff}), one thread at a
 * time: exact capacity at any ring length, FIFO across wrap-arounds, a taken-back event never
 * sent, and a parked sender woken by an offer. The races are in {@link SenderHandoffRaceTest}.
 *
 * <p>An event names its producer in its type ({@code p0}, {@code p1}, ...) and its sequence
 * number in its id, so a consumer can check order and uniqueness without keeping the events.
 */
class SenderHandoffTest {
    static Event event(int producer, int seq) {
        return new Event("p" + producer, "agent", Integer.toString(seq), 1L, Payload.EMPTY, null);
    }

    static int producerOf(Event e) {
        return Integer.parseInt(e.type().substring(1));
    }

    static int seqOf(Event e) {
        return Integer.parseInt(e.id());
    }

    @Test
    void exactlyCapacityEventsFitWhateverTheRingLength() throws Exception {
        for (int capacity : new int[] {1, 2, 3, 5, 10, 17, 1000}) {
            SenderHandoff q = new SenderHandoff(capacity);
            int seq = 0;
            int next = 0;
            // Three rounds, each starting at a different place in the ring.
            for (int round = 0; round < 3; round++) {
                int queued = q.size();
                while (q.offer(event(0, seq))) {
                    seq++;
                    queued++;
                    assertThat(q.size()).as("size at capacity %d", capacity).isEqualTo(queued);
                    assertThat(q.remainingCapacity()).isEqualTo(capacity - queued);
                }
                assertThat(queued).as("events that fit, capacity %d", capacity).isEqualTo(capacity);
                assertThat(q.remainingCapacity()).isZero();

                assertThat(seqOf(q.poll(0))).isEqualTo(next++);
                assertThat(q.size()).isEqualTo(capacity - 1);
                assertThat(q.remainingCapacity()).isEqualTo(1);
                assertThat(q.offer(event(0, seq++))).as("one more after a poll").isTrue();
                assertThat(q.offer(event(0, seq))).as("and no more").isFalse();
                assertThat(q.size()).isEqualTo(capacity);

                // Leave round + 1 events behind (at most capacity): the next round starts elsewhere.
                int keep = Math.min(round + 1, capacity);
                while (q.size() > keep) {
                    assertThat(seqOf(q.poll(0))).isEqualTo(next++);
                    assertThat(q.remainingCapacity()).isEqualTo(capacity - q.size());
                }
            }
            List<Event> left = new ArrayList<>();
            q.drain(left);
            assertThat(left).extracting(SenderHandoffTest::seqOf).isSorted().startsWith(next);
            assertThat(q.size()).isZero();
            assertThat(q.remainingCapacity()).isEqualTo(capacity);
            assertThat(q.poll(0)).isNull();
        }
    }

    @Test
    void oneProducersEventsLeaveInOrderAcrossManyWrapArounds() throws Exception {
        for (int capacity : new int[] {3, 4}) {
            SenderHandoff q = new SenderHandoff(capacity);
            ArrayDeque<Event> expected = new ArrayDeque<>();
            Random random = new Random(capacity); // fixed seed: the same interleaving every run
            int offered = 0;
            int polled = 0;
            while (polled < 100_000) {
                if (random.nextBoolean()) {
                    Event e = event(0, offered);
                    if (q.offer(e)) {
                        expected.add(e);
                        offered++;
                    } else if (expected.size() != capacity) {
                        fail("refused with %d of %d queued", expected.size(), capacity);
                    }
                } else {
                    Event e = q.poll(0);
                    if (e != expected.poll()) {
                        fail("event %d came out of order (capacity %d)", polled, capacity);
                    }
                    if (e != null) {
                        polled++;
                    }
                }
                if (q.size() != expected.size() || q.remainingCapacity() != capacity - expected.size()) {
                    fail("size %d / remaining %d with %d queued", q.size(), q.remainingCapacity(), expected.size());
                }
            }
        }
    }

    @Test
    void aTakenBackEventIsNeverSentAndItsSlotIsUsedAgain() throws Exception {
        SenderHandoff q = new SenderHandoff(3); // a ring of four slots
        Event a = event(0, 0);
        Event b = event(0, 1);
        Event c = event(0, 2);
        assertThat(q.offer(a)).isTrue();
        assertThat(q.offer(b)).isTrue();
        assertThat(q.offer(c)).isTrue();

        assertThat(q.remove(b)).isTrue();
        assertThat(q.size()).isEqualTo(2);
        assertThat(q.remove(b)).as("a second take-back finds nothing").isFalse();
        assertThat(q.remove(event(0, 1)))
                .as("an equal but other event is not taken back")
                .isFalse();
        assertThat(q.size()).isEqualTo(2);

        assertThat(q.poll(0)).isSameAs(a);
        assertThat(q.poll(0)).as("the sender passes the taken-back slot").isSameAs(c);
        assertThat(q.poll(0)).isNull();
        assertThat(q.remove(a)).as("an event already sent").isFalse();
        assertThat(q.size()).isZero();
        assertThat(q.remainingCapacity()).isEqualTo(3);

        // The whole ring again, over the slot b was taken back from; then a take-back that a drain skips.
        List<Event> again = List.of(event(0, 3), event(0, 4), event(0, 5));
        for (Event e : again) {
            assertThat(q.offer(e)).isTrue();
        }
        assertThat(q.offer(event(0, 6))).isFalse();
        assertThat(q.remove(again.get(0))).isTrue();
        List<Event> drained = new ArrayList<>();
        q.drain(drained);
        assertThat(drained).containsExactly(again.get(1), again.get(2));
        assertThat(q.size()).isZero();
        assertThat(q.remainingCapacity()).isEqualTo(3);
    }

    @Test
    void aParkedPollWakesWhenAnEventArrives() throws Exception {
        SenderHandoff q = new SenderHandoff(10);
        CompletableFuture<Event> got = new CompletableFuture<>();
        AtomicReference<Long> tookNanos = new AtomicReference<>();
        Thread poller = new Thread(
                () -> {
                    long start = System.nanoTime();
                    try {
                        got.complete(q.poll(TimeUnit.SECONDS.toNanos(60)));
                    } catch (Throwable t) {
                        got.completeExceptionally(t);
                    }
                    tookNanos.set(System.nanoTime() - start);
                },
                "poller");
        poller.start();
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> poller.getState() == Thread.State.TIMED_WAITING);
            Event e = event(0, 0);
            assertThat(q.offer(e)).isTrue();
            assertThat(got.get(10, TimeUnit.SECONDS)).isSameAs(e);
            poller.join(10_000);
            assertThat(tookNanos.get()).isLessThan(TimeUnit.SECONDS.toNanos(10));
        } finally {
            poller.interrupt();
            poller.join(10_000);
        }
    }

    @Test
    void aPollReturnsNullAfterItsTimeoutWhenNothingComes() throws Exception {
        SenderHandoff q = new SenderHandoff(10);
        assertThat(q.poll(0)).isNull();
        long start = System.nanoTime();
        assertThat(q.poll(TimeUnit.MILLISECONDS.toNanos(50))).isNull();
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(50));
    }

    @Test
    void anInterruptedPollThrows() {
        SenderHandoff q = new SenderHandoff(10);
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> q.poll(TimeUnit.SECONDS.toNanos(60))).isInstanceOf(InterruptedException.class);
        } finally {
            Thread.interrupted();
        }
    }
}
