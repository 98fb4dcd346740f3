package ai.oceum.logback;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class FloodGateTest {
    private static final long WINDOW = TimeUnit.SECONDS.toNanos(10);
    private static final FloodKey KEY = new FloodKey(
            "app.Worker",
            "job {} failed",
            "java.io.IOException",
            new StackTraceElement("app.Worker", "run", "Worker.java", 42));

    private final AtomicLong clock = new AtomicLong();
    private final List<FloodGate.Summary> summaries = new CopyOnWriteArrayList<>();

    /** A real Logback event at ERROR with this (already formatted) message, logged at {@code millis}. */
    private static LoggingEvent event(String message, long millis) {
        LoggingEvent e = new LoggingEvent();
        e.setLevel(Level.ERROR);
        e.setMessage(message);
        e.setTimeStamp(millis);
        return e;
    }

    private FloodGate gate(long windowNanos, int maxKeys) {
        return new FloodGate(windowNanos, maxKeys, summaries::add, clock::get);
    }

    @Test
    void admitsTheFirstOccurrenceAndCountsRepeatsInsideTheWindow() {
        FloodGate gate = gate(WINDOW, 10);

        assertThat(gate.admit(KEY, event("job 1 failed", 1_000))).isTrue();
        clock.addAndGet(WINDOW - 1);
        assertThat(gate.admit(KEY, event("job 2 failed", 2_000))).isFalse();
        assertThat(gate.admit(KEY, event("job 3 failed", 3_000))).isFalse();

        assertThat(gate.suppressed()).isEqualTo(2);
        assertThat(summaries).isEmpty();
    }

    @Test
    void closesAnExpiredWindowOnTheNextOccurrenceAndOpensANewOne() {
        FloodGate gate = gate(WINDOW, 10);
        gate.admit(KEY, event("job 1 failed", 1_000));
        gate.admit(KEY, event("job 2 failed", 2_000));
        gate.admit(KEY, event("job 3 failed", 3_000));

        // The window is over for an occurrence logged a window's length after the first one.
        assertThat(gate.admit(KEY, event("job 4 failed", 1_000 + 10_000 - 1))).isFalse();
        assertThat(gate.admit(KEY, event("job 5 failed", 1_000 + 10_000))).isTrue();

        assertThat(summaries).singleElement().satisfies(s -> {
            assertThat(s.suppressed()).isEqualTo(3);
            assertThat(s.message()).isEqualTo("job 1 failed");
            assertThat(s.firstMillis()).isEqualTo(2_000);
            assertThat(s.lastMillis()).isEqualTo(10_999);
            assertThat(s.windowMillis()).isEqualTo(10_000);
        });
    }

    @Test
    void sweepClosesExpiredWindowsOnlyAndSkipsWindowsWithoutRepeats() {
        FloodGate gate = gate(WINDOW, 10);
        FloodKey lonely = new FloodKey("app.Other", "once", null, null);
        gate.admit(KEY, event("job 1 failed", 1_000));
        gate.admit(KEY, event("job 2 failed", 2_000));
        gate.admit(lonely, event("once", 1_000));

        gate.sweep();
        assertThat(summaries).isEmpty();
        clock.addAndGet(WINDOW);
        gate.sweep();

        assertThat(summaries).singleElement().satisfies(s -> assertThat(s.key()).isEqualTo(KEY));
        assertThat(gate.openWindows()).isZero();
    }

    @Test
    void closeAllEmitsEveryOpenCountAndLetsLaterOccurrencesThrough() {
        FloodGate gate = gate(WINDOW, 10);
        gate.admit(KEY, event("job 1 failed", 1_000));
        gate.admit(KEY, event("job 2 failed", 2_000));

        gate.closeAll();

        assertThat(summaries)
                .singleElement()
                .satisfies(s -> assertThat(s.suppressed()).isEqualTo(1));
        assertThat(gate.admit(KEY, event("job 3 failed", 3_000))).isTrue();
        assertThat(gate.admit(KEY, event("job 4 failed", 4_000))).isTrue();
    }

    @Test
    void stopsTrackingNewKeysAtTheLimit() {
        FloodGate gate = gate(WINDOW, 2);
        for (int i = 0; i < 5; i++) {
            assertThat(gate.admit(new FloodKey("app", "t" + i, null, null), event("m", 1)))
                    .isTrue();
        }
        assertThat(gate.openWindows()).isEqualTo(2);
        assertThat(gate.untracked()).isEqualTo(3);
    }

    @Test
    void losesNoCountWhenManyThreadsRaceWithClosingWindows() throws Exception {
        // A real clock and a tiny window: windows close constantly while four threads count into them.
        FloodGate gate = new FloodGate(TimeUnit.MICROSECONDS.toNanos(50), 10, summaries::add, System::nanoTime);
        int threads = 4;
        int perThread = 50_000;
        AtomicLong admitted = new AtomicLong();
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
        try {
            List<Future<?>> work = new CopyOnWriteArrayList<>();
            for (int t = 0; t < threads; t++) {
                work.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < perThread; i++) {
                        if (gate.admit(KEY, event("m", i))) {
                            admitted.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            Future<?> sweeper = pool.submit(() -> {
                go.await();
                while (work.stream().anyMatch(f -> !f.isDone())) {
                    gate.sweep();
                }
                return null;
            });
            go.countDown();
            for (Future<?> f : work) {
                f.get(30, TimeUnit.SECONDS);
            }
            sweeper.get(30, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        gate.closeAll();

        long summarized =
                summaries.stream().mapToLong(FloodGate.Summary::suppressed).sum();
        assertThat(admitted.get() + summarized).isEqualTo((long) threads * perThread);
        assertThat(summarized).isEqualTo(gate.suppressed());
    }
}
