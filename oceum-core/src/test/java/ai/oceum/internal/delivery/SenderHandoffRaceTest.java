package ai.oceum.internal.delivery;

import static ai.oceum.internal.delivery.SenderHandoffTest.event;
import static ai.oceum.internal.delivery.SenderHandoffTest.producerOf;
import static ai.oceum.internal.delivery.SenderHandoffTest.seqOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The ring between application threads and the sender ({@link SenderHandoff}) under races: no
 * event lost or repeated under many producers, a take-back racing the sender's poll of the same
 * event settling it once, and drains while producers offer missing nothing. Events are made by
 * {@link SenderHandoffTest#event}. Every wait has a deadline; none sleeps.
 * The producer and sender threads come from {@link RaceThreads}, shared with
 * {@link MemoryQueueCloseRaceTest}.
 */
class SenderHandoffRaceTest {
    private static final long DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(30);

    @Test
    void manyProducersAgainstASmallRingLoseAndRepeatNothing() throws Exception {
        producersAgainstOneSender(64, 4, 200_000);
    }

    @Test
    void manyProducersAgainstALargeRingLoseAndRepeatNothing() throws Exception {
        producersAgainstOneSender(10_000, 4, 200_000);
    }

    /**
     * {@code producers} threads offer {@code perProducer} events each while this thread polls as
     * the sender does: every accepted event comes out once, each producer's in its order, and
     * never more than {@code capacity} are queued.
     */
    private static void producersAgainstOneSender(int capacity, int producers, int perProducer) throws Exception {
        SenderHandoff q = new SenderHandoff(capacity);
        RaceThreads.Accepted accepted = new RaceThreads.Accepted(producers);
        int[] refused = new int[producers];
        CountDownLatch go = new CountDownLatch(1);
        CountDownLatch finished = new CountDownLatch(producers);
        List<Thread> threads = RaceThreads.startProducers(producers, go, finished, producer -> {
            for (int seq = 0; seq < perProducer; seq++) {
                if (q.offer(event(producer, seq))) {
                    accepted.add(producer, seq);
                } else {
                    refused[producer]++;
                }
            }
        });

        BitSet[] received = new BitSet[producers];
        int[] last = new int[producers];
        for (int p = 0; p < producers; p++) {
            received[p] = new BitSet(perProducer);
            last[p] = -1;
        }
        long receivedCount = 0;
        long deadline = System.nanoTime() + DEADLINE_NANOS;
        go.countDown();
        while (true) {
            Event e = q.poll(TimeUnit.MILLISECONDS.toNanos(10));
            if (e == null && finished.getCount() == 0) {
                e = q.poll(0); // every offer has returned: an empty queue now stays empty
                if (e == null) {
                    break;
                }
            }
            if (e != null) {
                int p = producerOf(e);
                int seq = seqOf(e);
                if (seq <= last[p]) {
                    fail("producer %d: event %d came after %d", p, seq, last[p]);
                }
                last[p] = seq;
                received[p].set(seq);
                receivedCount++;
                // Read after the poll: what was accepted by now, less what came out, is at most what is queued.
                if (accepted.soFar() - receivedCount > capacity) {
                    fail("more than %d events queued", capacity);
                }
            }
            if (System.nanoTime() - deadline > 0) {
                fail("not done after %d s: %d received", TimeUnit.NANOSECONDS.toSeconds(DEADLINE_NANOS), receivedCount);
            }
        }
        for (Thread t : threads) {
            t.join();
        }
        long totalAccepted = 0;
        for (int p = 0; p < producers; p++) {
            assertThat(accepted.of(p).cardinality() + refused[p])
                    .as("accepted + refused, producer %d", p)
                    .isEqualTo(perProducer);
            assertThat(received[p]).as("received = accepted, producer %d", p).isEqualTo(accepted.of(p));
            totalAccepted += accepted.of(p).cardinality();
        }
        assertThat(receivedCount).isEqualTo(totalAccepted).isPositive();
        assertThat(q.size()).isZero();
        assertThat(q.remainingCapacity()).isEqualTo(capacity);
    }

    @Test
    void aTakeBackRacingThePollOfTheSameEventWinsOrLosesButNeverBoth() throws Exception {
        SenderHandoff q = new SenderHandoff(3);
        int iterations = 20_000;
        SpinBarrier barrier = new SpinBarrier();
        AtomicReference<Event> toRemove = new AtomicReference<>();
        AtomicInteger removedAt = new AtomicInteger(-1);
        Thread remover = new Thread(
                () -> {
                    for (int i = 0; i < iterations; i++) {
                        long start = barrier.await(2 * i + 1);
                        if (start == GAVE_UP) {
                            return;
                        }
                        spinUntil(start - Math.min(0, headStart(i)));
                        if (q.remove(toRemove.get())) {
                            removedAt.set(i);
                        }
                        if (barrier.await(2 * i + 2) == GAVE_UP) {
                            return;
                        }
                    }
                },
                "remover");
        remover.start();
        int polledWins = 0;
        int removeWins = 0;
        try {
            for (int i = 0; i < iterations; i++) {
                Event e = event(0, i);
                if (!q.offer(e)) {
                    fail("iteration %d: refused", i);
                }
                toRemove.set(e);
                long start = barrier.await(2 * i + 1);
                if (start == GAVE_UP) {
                    fail("the remover is gone");
                }
                spinUntil(start + Math.max(0, headStart(i)));
                Event polled = q.poll(0);
                if (barrier.await(2 * i + 2) == GAVE_UP) {
                    fail("the remover is gone");
                }
                boolean removed = removedAt.get() == i;
                if (polled == e == removed) {
                    fail("iteration %d: polled %s, removed %s", i, polled == e, removed);
                }
                if (polled != e && polled != null) {
                    fail("iteration %d: polled another event", i);
                }
                if (removed) {
                    removeWins++;
                } else {
                    polledWins++;
                }
                if (q.size() != 0 || q.remainingCapacity() != 3) {
                    fail("iteration %d: size %d, remaining %d", i, q.size(), q.remainingCapacity());
                }
            }
        } finally {
            barrier.abort();
            remover.join(10_000);
        }
        // How often each side won says how hard the race was run (not asserted: it depends on the machine).
        System.out.printf("take-back race: poll won %d, take-back won %d%n", polledWins, removeWins);
        assertThat(q.poll(0)).isNull();
    }

    /**
     * The same race without a barrier: the sender offers and at once polls each event while
     * another thread takes back the latest one it sees, so the two meet on the same slot many
     * thousand times a run (a barrier lines them up only once per round trip).
     */
    @Test
    void aTakeBackChasingTheSenderSettlesEveryEventOnce() throws Exception {
        SenderHandoff q = new SenderHandoff(4);
        int events = 300_000;
        AtomicReference<Event> latest = new AtomicReference<>();
        BitSet removed = new BitSet(events);
        CountDownLatch stop = new CountDownLatch(1);
        Thread remover = new Thread(
                () -> {
                    Event tried = null;
                    while (stop.getCount() > 0) {
                        Event e = latest.get();
                        if (e != tried) {
                            tried = e;
                            if (q.remove(e)) {
                                removed.set(seqOf(e));
                            }
                        } else {
                            Thread.onSpinWait();
                        }
                    }
                },
                "remover");
        remover.start();
        BitSet polled = new BitSet(events);
        BitSet pollFoundNothing = new BitSet(events);
        try {
            for (int i = 0; i < events; i++) {
                Event e = event(0, i);
                if (!q.offer(e)) {
                    fail("event %d refused", i);
                }
                latest.set(e);
                Event p = q.poll(0);
                if (p == e) {
                    polled.set(i);
                } else if (p == null) {
                    pollFoundNothing.set(i);
                } else {
                    fail("event %d: polled %s", i, p.id());
                }
            }
        } finally {
            stop.countDown();
            remover.join(10_000);
        }
        assertThat(remover.isAlive()).isFalse();
        assertThat(polled.intersects(removed))
                .as("an event both sent and taken back")
                .isFalse();
        assertThat(removed)
                .as("the poll found nothing exactly when the event was taken back")
                .isEqualTo(pollFoundNothing);
        assertThat(polled.cardinality() + removed.cardinality()).isEqualTo(events);
        assertThat(q.size()).isZero();
        assertThat(q.remainingCapacity()).isEqualTo(4);
        System.out.printf(
                "take-back chase: poll won %d, take-back won %d%n", polled.cardinality(), removed.cardinality());
    }

    @Test
    void drainsWhileProducersOfferMissAndRepeatNothing() throws Exception {
        int producers = 3;
        int perProducer = 100_000;
        SenderHandoff q = new SenderHandoff(256);
        RaceThreads.Accepted accepted = new RaceThreads.Accepted(producers);
        CountDownLatch go = new CountDownLatch(1);
        CountDownLatch finished = new CountDownLatch(producers);
        List<Thread> threads = RaceThreads.startProducers(producers, go, finished, producer -> {
            for (int seq = 0; seq < perProducer; seq++) {
                if (q.offer(event(producer, seq))) {
                    accepted.add(producer, seq);
                }
            }
        });
        // The sender keeps polling while a closing thread (this one) drains: both take events out.
        RaceThreads.PollingSender sender = new RaceThreads.PollingSender(q::poll);

        List<Event> drained = new ArrayList<>();
        int drains = 0;
        long deadline = System.nanoTime() + DEADLINE_NANOS;
        go.countDown();
        while (finished.getCount() > 0) {
            q.drain(drained);
            drains++;
            if (System.nanoTime() - deadline > 0) {
                fail("producers not done");
            }
        }
        for (Thread t : threads) {
            t.join();
        }
        sender.stop();
        List<Event> polled = sender.polled();
        q.drain(drained); // the last drain, after every offer returned
        assertThat(q.size()).isZero();
        assertThat(q.poll(0)).isNull();

        List<Event> all = new ArrayList<>(polled);
        all.addAll(drained);
        BitSet[] out = RaceThreads.eachOnce(producers, all);
        for (int p = 0; p < producers; p++) {
            assertThat(out[p])
                    .as("drained or polled = accepted, producer %d", p)
                    .isEqualTo(accepted.of(p));
        }
        System.out.printf(
                "drain race: %d drains took %d events, the sender polled %d%n", drains, drained.size(), polled.size());
    }

    /**
     * How many nanoseconds the remover starts before the poller in iteration {@code i} (negative:
     * after it): a sweep from -5 to 5 microseconds in steps of 25 ns, so that the race is run
     * around whatever head start either thread has on this machine.
     */
    private static long headStart(int i) {
        return (i % 401 - 200) * 25L;
    }

    /** Busy-waits until {@link System#nanoTime()} reaches {@code nanoTime}. */
    private static void spinUntil(long nanoTime) {
        while (System.nanoTime() - nanoTime < 0) {
            Thread.onSpinWait();
        }
    }

    /** What {@link SpinBarrier#await} returns when the other party gave up. */
    private static final long GAVE_UP = Long.MIN_VALUE;

    /**
     * Two threads meet at numbered phases by spinning, and leave at one moment on the clock: the
     * last to arrive names a start a little ahead, which both wait for. A blocking barrier wakes
     * one of them tens of microseconds after the other, and even a spinning one lets the last
     * arriver go first by the time the other takes to see it; either would decide every race the
     * same way. Yields while it spins: the machine may have fewer free cores than spinners.
     */
    private static final class SpinBarrier {
        private static final long START_AHEAD_NANOS = 20_000;
        private final AtomicInteger arrived = new AtomicInteger();
        private volatile long startAt;
        private volatile int started;
        private volatile boolean aborted;

        /**
         * Arrives at phase {@code phase} (1, 2, ...) and returns the {@link System#nanoTime()} at
         * which both are to start, or {@link #GAVE_UP} if the other party gave up.
         */
        @SuppressWarnings("ThreadPriorityCheck") // the yield only lets the other party run on a busy machine
        long await(int phase) {
            if (arrived.incrementAndGet() == 2 * phase) {
                long at = System.nanoTime() + START_AHEAD_NANOS;
                startAt = at;
                started = phase; // after startAt: whoever sees the phase sees its start
                return at;
            }
            long deadline = System.nanoTime() + DEADLINE_NANOS;
            for (int spins = 0; started < phase; spins++) {
                if (aborted || System.nanoTime() - deadline > 0) {
                    return GAVE_UP;
                }
                if ((spins & 0xff) == 0xff) {
                    Thread.yield();
                } else {
                    Thread.onSpinWait();
                }
            }
            return startAt;
        }

        void abort() {
            aborted = true;
        }
    }
}
