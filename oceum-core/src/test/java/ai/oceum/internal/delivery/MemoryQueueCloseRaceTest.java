package ai.oceum.internal.delivery;

import static ai.oceum.internal.delivery.SenderHandoffTest.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import ai.oceum.DropReason;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * {@link MemoryQueue}'s close protocol on the ring ({@link SenderHandoff}): offers race
 * {@code close()} while the sender polls. Events are made by {@link SenderHandoffTest#event}.
 */
class MemoryQueueCloseRaceTest {
    private static final long DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(30);

    /**
     * The close protocol of {@link MemoryQueue} on this ring: offers race {@code close()} (flag,
     * then drain) while the sender polls. An accepted event is sent or left to the close, exactly
     * once; one that slipped in after the drain is taken back and refused as {@code SHUTDOWN}, so
     * nothing is left in the ring.
     */
    @Test
    void memoryQueueCloseRacingOffersLeavesEveryAcceptedEventToTheSenderOrTheClose() throws Exception {
        int producers = 3;
        int refusalsAfterClose = 1_000; // each producer goes on offering this long after the close
        MemoryQueue queue = new MemoryQueue(128);
        RaceThreads.Accepted accepted = new RaceThreads.Accepted(producers);
        AtomicInteger unexpected = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = RaceThreads.startProducers(producers, go, null, producer -> {
            int shutdowns = 0;
            for (int seq = 0; shutdowns < refusalsAfterClose && seq < 50_000_000; seq++) {
                DropReason refused = queue.offer(event(producer, seq));
                if (refused == null) {
                    accepted.add(producer, seq);
                } else if (refused == DropReason.SHUTDOWN) {
                    shutdowns++;
                } else if (refused != DropReason.QUEUE_FULL) {
                    unexpected.incrementAndGet();
                }
            }
        });
        RaceThreads.PollingSender sender = new RaceThreads.PollingSender(queue::poll);
        go.countDown();
        long deadline = System.nanoTime() + DEADLINE_NANOS;
        while (accepted.soFar() < 20_000) { // close while the producers are in full flow
            if (System.nanoTime() - deadline > 0) {
                fail("only %d accepted", accepted.soFar());
            }
            LockSupport.parkNanos(100_000); // a poll of the condition, not a timing assumption
        }
        List<Event> leftToClose = queue.close();
        RaceThreads.joinAll(threads, DEADLINE_NANOS);
        sender.stop();
        List<Event> sent = sender.polled();
        assertThat(unexpected).hasValue(0);
        assertThat(queue.size()).as("nothing got in after the close's drain").isZero();
        assertThat(queue.poll(0)).isNull();

        List<Event> all = new ArrayList<>(sent);
        all.addAll(leftToClose);
        BitSet[] out = RaceThreads.eachOnce(producers, all);
        for (int p = 0; p < producers; p++) {
            assertThat(out[p])
                    .as("sent or left to the close = accepted, producer %d", p)
                    .isEqualTo(accepted.of(p));
        }
        System.out.printf(
                "close race: %d accepted, %d sent, %d left to the close%n",
                accepted.soFar(), sent.size(), leftToClose.size());
    }
}
