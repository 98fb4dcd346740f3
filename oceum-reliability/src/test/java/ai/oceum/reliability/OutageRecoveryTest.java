package ai.oceum.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.oceum.DropReason;
import ai.oceum.Oceum;
import ai.oceum.OceumStats;
import ai.oceum.WebhookResponse;
import ai.oceum.testing.TestReceiver;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A real client against a receiver that is down, then back on the same port (through
 * {@link TcpGate}): while it is down the client holds its events and probes with one request at a
 * time, instead of retrying every event on its own; when it is back, every event accepted in the
 * meantime is delivered, with and without a spool.
 *
 * <p>Down means nothing listens (connection refused), or, in the "reset" flavour, a listener that
 * accepts and resets every connection (a proxy without a live backend; the gate counts the
 * connections too). Requests are counted by the client: every request that failed while down is
 * one {@code stats().retried()}, since none got an answer.
 */
class OutageRecoveryTest {
    private static final int EVENTS = 300;
    private static final Duration SENDING = Duration.ofSeconds(2);
    private static final Duration OUTAGE = Duration.ofSeconds(3);
    private static final Duration RETRY_INITIAL = Duration.ofMillis(100);
    private static final Duration RETRY_MAX = Duration.ofMillis(500);

    /**
     * The most requests an outage of {@code OUTAGE} may cost: the four on the wire when it began,
     * the two retries of the first failures, and one probe per pause (pauses double from 80 ms,
     * at least 400 ms once capped), with a second of slack for a slow machine. Before the sender
     * held, each of the 300 events made its 4 attempts: 1,200.
     */
    private static final int MOST_ATTEMPTS = 4 + 2 + 4 + (int) ((OUTAGE.toMillis() + 1000) / 400);

    @ParameterizedTest(name = "down by {0}, spool {1}")
    @CsvSource({"refused, false", "refused, true", "reset, false"})
    void everyEventAcceptedWhileTheReceiverIsDownIsDeliveredWhenItIsBackAfterFewAttempts(String how, boolean spool)
            throws Exception {
        Path spoolDir = spool ? Measure.newSpoolDir("outage-recovery") : null;
        try (TestReceiver receiver = TestReceiver.start();
                TcpGate gate = TcpGate.to(receiver.port())) {
            if (how.equals("reset")) {
                gate.resetting(true);
            } else {
                gate.shut();
            }
            Oceum oceum = Clients.builder(gate.baseUrl(), spoolDir)
                    .retryInitialDelay(RETRY_INITIAL)
                    .retryMaxDelay(RETRY_MAX)
                    .build();
            try {
                long start = System.nanoTime();
                Measure.send(oceum, EVENTS, SENDING.toNanos(), 0);
                // Load shaping, not a wait for a condition: the outage lasts a fixed time.
                long back = start + OUTAGE.toNanos();
                long now;
                while ((now = System.nanoTime()) < back) {
                    LockSupport.parkNanos(back - now);
                }

                OceumStats down = oceum.stats();
                int attempts = (int) down.retried();
                System.out.printf(
                        "outage %s, spool %s: %d requests (%d connections reached the gate) in %d s while down"
                                + " (at most %d allowed)%n",
                        how, spool, attempts, gate.accepted(), OUTAGE.toSeconds(), MOST_ATTEMPTS);
                assertThat(receiver.webhookRequests())
                        .as("down: nothing arrived")
                        .isEmpty();
                assertThat(down.droppedTotal()).as("nothing dropped while down").isZero();
                assertThat(attempts)
                        .as("requests during a %d s outage with %d events", OUTAGE.toSeconds(), EVENTS)
                        .isPositive()
                        .isLessThanOrEqualTo(MOST_ATTEMPTS);
                // The JDK client may open a second connection for a request whose first one was
                // reset before it was written (seen: 17 connections for 11 requests).
                assertThat(gate.accepted()).as("connections during the outage").isLessThanOrEqualTo(2 * MOST_ATTEMPTS);

                gate.resetting(false);
                gate.open();
                long reopened = System.nanoTime();
                assertThat(oceum.flush(Duration.ofSeconds(20)))
                        .as("everything delivered once back")
                        .isTrue();
                long drained = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - reopened);
                assertThat(drained)
                        .as("resumed within a probe pause (500 ms) plus the drain")
                        .isLessThan(RETRY_MAX.toMillis() + 5000);
            } finally {
                oceum.close(Duration.ofSeconds(5));
            }

            Deliveries deliveries = Deliveries.of(receiver, EVENTS);
            assertThat(deliveries.delivered())
                    .as("every event accepted while down")
                    .isEqualTo(EVENTS);
            OceumStats s = oceum.stats();
            assertThat(s.sent()).isEqualTo(EVENTS);
            assertThat(s.droppedTotal()).as("dropped: %s", s.dropped()).isZero();
            assertThat(s.dropped(DropReason.RETRIES_EXHAUSTED)).isZero();
            assertThat(s.accepted()).isEqualTo(s.sent() + s.droppedTotal() + s.queued() + s.spooled());
            assertThat(s.spooled()).isZero();
        } finally {
            Measure.deleteTree(spoolDir);
        }
    }

    @ParameterizedTest(name = "spool {0}")
    @CsvSource({"false", "true"})
    void closeDuringAnOutageEndsWithinItsTimeoutAndASpoolHandsTheEventsToTheNextClient(boolean spool) throws Exception {
        Path spoolDir = spool ? Measure.newSpoolDir("outage-close") : null;
        try (TestReceiver receiver = TestReceiver.start();
                TcpGate gate = TcpGate.to(receiver.port())) {
            gate.shut();
            Oceum first = Clients.builder(gate.baseUrl(), spoolDir)
                    .retryInitialDelay(RETRY_INITIAL)
                    .retryMaxDelay(Duration.ofSeconds(30))
                    .build();
            List<CompletableFuture<WebhookResponse>> futures = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                futures.add(first.taskComplete("fault-matrix", Measure.meta(i, 0)));
            }
            // Into the outage: the failures have paused the sender (its pauses grow towards 30 s).
            await().atMost(Duration.ofSeconds(10)).until(() -> first.stats().retried() >= 5);

            long start = System.nanoTime();
            assertThat(first.close(Duration.ofMillis(500)))
                    .as("nothing could be delivered")
                    .isFalse();
            long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

            assertThat(took).as("close within its timeout plus the abort grace").isLessThan(3_000);
            assertThat(futures).as("every future completed by close").allMatch(CompletableFuture::isDone);
            OceumStats s = first.stats();
            assertThat(s.accepted()).isEqualTo(s.sent() + s.droppedTotal() + s.queued() + s.spooled());
            assertThat(s.queued() + s.inFlight()).isZero();
            if (!spool) {
                assertThat(s.dropped(DropReason.SHUTDOWN))
                        .as("without a spool: dropped at close, counted")
                        .isEqualTo(50);
                return;
            }
            assertThat(s.spooled()).as("with a spool: kept for the next client").isEqualTo(50);
            assertThat(s.droppedTotal()).isZero();

            gate.open();
            Oceum next = Clients.builder(gate.baseUrl(), spoolDir).build();
            try {
                assertThat(next.flush(Duration.ofSeconds(20))).isTrue();
            } finally {
                next.close(Duration.ofSeconds(5));
            }
            assertThat(Deliveries.of(receiver, 50).delivered()).isEqualTo(50);
            assertThat(next.stats().spooled()).isZero();
        } finally {
            Measure.deleteTree(spoolDir);
        }
    }

    @Test
    void reportersRacingACloseDuringAnOutageLeaveEveryFutureCompletedAndTheStatsBalanced() throws Exception {
        try (TestReceiver receiver = TestReceiver.start();
                TcpGate gate = TcpGate.to(receiver.port())) {
            gate.shut();
            Oceum oceum = Clients.builder(gate.baseUrl(), null)
                    .retryInitialDelay(RETRY_INITIAL)
                    .retryMaxDelay(RETRY_MAX)
                    .build();
            List<CompletableFuture<WebhookResponse>> futures = new CopyOnWriteArrayList<>();
            for (int i = 0; i < 100; i++) {
                futures.add(oceum.taskComplete("fault-matrix", Measure.meta(i, 0)));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> oceum.stats().retried() >= 5);

            int threads = 4;
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            CountDownLatch going = new CountDownLatch(threads);
            try {
                for (int t = 0; t < threads; t++) {
                    pool.execute(() -> {
                        going.countDown();
                        for (int i = 0; i < 2_000; i++) {
                            futures.add(oceum.taskComplete("fault-matrix", Measure.meta(i, 0)));
                        }
                    });
                }
                assertThat(going.await(10, TimeUnit.SECONDS)).isTrue();
                assertThat(oceum.close(Duration.ofMillis(300))).isFalse();
            } finally {
                pool.shutdown();
                assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
            }

            assertThat(futures).hasSize(100 + threads * 2_000).allMatch(CompletableFuture::isDone);
            OceumStats s = oceum.stats();
            assertThat(s.accepted()).isEqualTo(futures.size());
            assertThat(s.queued() + s.inFlight()).isZero();
            assertThat(s.sent()).isZero();
            assertThat(s.dropped(DropReason.SHUTDOWN))
                    .as("held, then dropped at close: %s", s.dropped())
                    .isEqualTo(s.droppedTotal() - s.dropped(DropReason.QUEUE_FULL));
            assertThat(s.dropped(DropReason.RETRIES_EXHAUSTED)).isZero();
            assertThat(s.accepted()).isEqualTo(s.sent() + s.droppedTotal() + s.queued() + s.spooled());
            assertThat(receiver.webhookRequests()).isEmpty();
        }
    }
}
