package ai.oceum.internal.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The threads of the ring's race tests ({@link SenderHandoffRaceTest}, {@link MemoryQueueCloseRaceTest}):
 * producers released together by one latch, a sender that polls into a list until stopped, and
 * the check that events (made by {@link SenderHandoffTest#event}) came out at most once each.
 */
final class RaceThreads {
    private RaceThreads() {}

    /** What one producer thread does once released; {@code producer} is its number. */
    interface Producer {
        void offer(int producer);
    }

    /** A queue's poll: {@link SenderHandoff#poll} or {@link MemoryQueue#poll}. */
    interface Poller {
        Event poll(long timeoutNanos) throws InterruptedException;
    }

    /**
     * Starts {@code producers} threads that wait for {@code go}, run {@code body}, and then count
     * down {@code finished} (when given).
     */
    static List<Thread> startProducers(int producers, CountDownLatch go, CountDownLatch finished, Producer body) {
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            int producer = p;
            Thread t = new Thread(
                    () -> {
                        try {
                            go.await();
                            body.offer(producer);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        } finally {
                            if (finished != null) {
                                finished.countDown();
                            }
                        }
                    },
                    "producer-" + p);
            threads.add(t);
            t.start();
        }
        return threads;
    }

    /** Waits for every producer to end, up to the deadline each. */
    static void joinAll(List<Thread> threads, long deadlineNanos) throws InterruptedException {
        for (Thread t : threads) {
            t.join(TimeUnit.NANOSECONDS.toMillis(deadlineNanos));
            assertThat(t.isAlive()).as("producer done").isFalse();
        }
    }

    /** A sender thread polling as the real one does, keeping what it takes; read {@link #polled()} after {@link #stop()}. */
    static final class PollingSender {
        private final List<Event> polled = new ArrayList<>();
        private final CountDownLatch stop = new CountDownLatch(1);
        private final Thread thread;

        PollingSender(Poller queue) {
            thread = new Thread(
                    () -> {
                        try {
                            while (stop.getCount() > 0) {
                                Event e = queue.poll(TimeUnit.MILLISECONDS.toNanos(1));
                                if (e != null) {
                                    polled.add(e);
                                }
                            }
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    },
                    "sender");
            thread.start();
        }

        /** Stops the sender and waits for it (its list is then safe to read here). */
        void stop() throws InterruptedException {
            stop.countDown();
            thread.join(10_000);
            assertThat(thread.isAlive()).isFalse();
        }

        List<Event> polled() {
            return polled;
        }
    }

    /**
     * What the producers got accepted: per producer the sequence numbers (each producer writes only
     * its own; read them after the producers ended), and the running total, which may be read
     * while they run.
     */
    static final class Accepted {
        private final BitSet[] bits;
        private final LongAdder total = new LongAdder();

        Accepted(int producers) {
            bits = new BitSet[producers];
            for (int p = 0; p < producers; p++) {
                bits[p] = new BitSet();
            }
        }

        /** Producer {@code producer}'s event {@code seq} was accepted (called on that producer's thread). */
        void add(int producer, int seq) {
            bits[producer].set(seq);
            total.increment();
        }

        BitSet of(int producer) {
            return bits[producer];
        }

        long soFar() {
            return total.sum();
        }
    }

    /** Per producer, the sequence numbers of {@code events}; fails when one came out twice. */
    static BitSet[] eachOnce(int producers, Collection<Event> events) {
        BitSet[] out = new BitSet[producers];
        for (int p = 0; p < producers; p++) {
            out[p] = new BitSet();
        }
        for (Event e : events) {
            int p = SenderHandoffTest.producerOf(e);
            int seq = SenderHandoffTest.seqOf(e);
            if (out[p].get(seq)) {
                fail("producer %d's event %d came out twice", p, seq);
            }
            out[p].set(seq);
        }
        return out;
    }
}
