package ai.oceum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The heartbeat's schedule: a restart while a beat is running still leaves one chain of beats. */
class HeartbeatTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void restartingWhileABeatRunsLeavesOneChainOfBeats() throws Exception {
        CountDownLatch firstRunning = new CountDownLatch(1);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        AtomicInteger beats = new AtomicInteger();
        Heartbeat heartbeat = new Heartbeat("hb-test", () -> {
            if (beats.incrementAndGet() == 1) {
                firstRunning.countDown();
                try {
                    releaseFirst.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        try {
            heartbeat.start(60_000);
            assertThat(firstRunning.await(10, TimeUnit.SECONDS)).isTrue();
            heartbeat.start(60_000); // the running beat cannot be cancelled
            releaseFirst.countDown();

            // The first beat ends, then the restart's beat runs; wait until both have finished scheduling.
            await().atMost(WAIT)
                    .until(() -> beats.get() == 2
                            && heartbeat.scheduler().getActiveCount() == 0
                            && heartbeat.scheduler().getCompletedTaskCount() == 2);
            assertThat(heartbeat.scheduler().getQueue())
                    .as("beats waiting for their turn")
                    .hasSize(1);
        } finally {
            heartbeat.close();
        }
    }

    @Test
    void aBeatRunningWhenTheHeartbeatIsStoppedSchedulesNoNextOne() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Heartbeat heartbeat = new Heartbeat("hb-test", () -> {
            running.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            heartbeat.start(60_000);
            assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
            heartbeat.stop();
            release.countDown();

            await().atMost(WAIT).until(() -> heartbeat.scheduler().getCompletedTaskCount() == 1);
            assertThat(heartbeat.scheduler().getQueue()).isEmpty();
        } finally {
            heartbeat.close();
        }
    }
}
