package ai.oceum.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The sweep timer, idleness and the least recently active call, on a clock passed as numbers. */
class IdleExpiryTest {
    private static final Duration EXPIRY = Duration.ofNanos(400);
    private static final long PERIOD = 100; // a quarter of EXPIRY

    private record Call(String name, long lastActivityNanos) {}

    @Test
    void theFirstSweepIsDueExactlyAQuarterOfTheExpiryAfterConstructionAndThenEveryQuarter() {
        IdleExpiry expiry = new IdleExpiry(EXPIRY, 1_000);

        assertThat(expiry.sweepDue(1_000)).isFalse();
        assertThat(expiry.sweepDue(1_099)).isFalse();
        assertThat(expiry.sweepDue(1_100)).isTrue();
        assertThat(expiry.sweepDue(1_100)).as("the same period is swept once").isFalse();
        assertThat(expiry.sweepDue(1_199)).isFalse();
        assertThat(expiry.sweepDue(1_200)).isTrue();
        // Late: the next one is a period after the sweep, not after when it was due.
        assertThat(expiry.sweepDue(1_750)).isTrue();
        assertThat(expiry.sweepDue(1_849)).isFalse();
        assertThat(expiry.sweepDue(1_850)).isTrue();
    }

    @Test
    void theSweepTimerRunsOnAcrossANanoTimeWrapAround() {
        long start = Long.MAX_VALUE - 50; // the first sweep is due past Long.MAX_VALUE, at MIN_VALUE + 49
        IdleExpiry expiry = new IdleExpiry(EXPIRY, start);

        assertThat(expiry.sweepDue(Long.MAX_VALUE)).isFalse();
        assertThat(expiry.sweepDue(Long.MIN_VALUE + 48)).isFalse();
        assertThat(expiry.sweepDue(Long.MIN_VALUE + 49)).isTrue();
        assertThat(expiry.sweepDue(Long.MIN_VALUE + 50)).isFalse();
    }

    @Test
    void aTinyExpirySweepsAtMostOncePerNanosecond() {
        IdleExpiry expiry = new IdleExpiry(Duration.ofNanos(3), 10); // a quarter rounds down to 0

        assertThat(expiry.sweepDue(10)).isTrue();
        assertThat(expiry.sweepDue(10)).isFalse();
        assertThat(expiry.sweepDue(11)).isTrue();
    }

    @Test
    void anExplicitSweepPushesTheNextOneAPeriodAway() {
        IdleExpiry expiry = new IdleExpiry(EXPIRY, 0);

        expiry.swept(90); // before the first was due (100)
        assertThat(expiry.sweepDue(100)).isFalse();
        assertThat(expiry.sweepDue(189)).isFalse();
        assertThat(expiry.sweepDue(190)).isTrue();

        expiry.swept(500); // after another was due (290) and nobody asked
        assertThat(expiry.sweepDue(599)).isFalse();
        assertThat(expiry.sweepDue(600)).isTrue();
    }

    @Test
    @Timeout(60)
    void ofManyThreadsFindingASweepDueAtOnceExactlyOneIsTold() throws Exception {
        int threads = 4;
        int rounds = 10_000; // without the compare-and-set: failed in 6 runs of 6, by round 7,300
        IdleExpiry expiry = new IdleExpiry(EXPIRY, 0);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int round = 1; round <= rounds; round++) {
                long now = round * PERIOD; // exactly when this round's sweep is due
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Boolean>> told = new ArrayList<>(threads);
                for (int t = 0; t < threads; t++) {
                    told.add(pool.submit(() -> {
                        go.await();
                        return expiry.sweepDue(now);
                    }));
                }
                go.countDown();
                int winners = 0;
                for (Future<Boolean> f : told) {
                    if (f.get()) {
                        winners++;
                    }
                }
                assertThat(winners)
                        .as("callers told to sweep in round %d", round)
                        .isEqualTo(1);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aCallIsIdleOnlyOnceLongerThanTheExpiryHasPassed() {
        IdleExpiry expiry = new IdleExpiry(EXPIRY, 0);

        assertThat(expiry.isIdle(1_000, 1_000)).isFalse();
        assertThat(expiry.isIdle(1_000, 1_400)).as("exactly the expiry").isFalse();
        assertThat(expiry.isIdle(1_000, 1_401)).isTrue();
        // Touched by another thread after this one read the clock: not idle.
        assertThat(expiry.isIdle(1_001, 1_000)).isFalse();
        // Across the wrap-around: Long.MAX_VALUE - 99 + 400 is MIN_VALUE + 300.
        assertThat(expiry.isIdle(Long.MAX_VALUE - 99, Long.MAX_VALUE)).isFalse();
        assertThat(expiry.isIdle(Long.MAX_VALUE - 99, Long.MIN_VALUE + 300)).isFalse();
        assertThat(expiry.isIdle(Long.MAX_VALUE - 99, Long.MIN_VALUE + 301)).isTrue();
    }

    @Test
    void theLeastRecentlyActiveIsFoundAcrossANanoTimeWrapAround() {
        Call beforeWrap = new Call("before the wrap", Long.MAX_VALUE - 5);
        Call atMax = new Call("at Long.MAX_VALUE", Long.MAX_VALUE);
        Call afterWrap = new Call("after the wrap", Long.MIN_VALUE + 3);

        assertThat(IdleExpiry.leastRecentlyActive(List.of(afterWrap, atMax, beforeWrap), Call::lastActivityNanos))
                .isSameAs(beforeWrap);
        assertThat(IdleExpiry.leastRecentlyActive(List.of(atMax, afterWrap), Call::lastActivityNanos))
                .isSameAs(atMax);
        assertThat(IdleExpiry.leastRecentlyActive(List.of(afterWrap), Call::lastActivityNanos))
                .isSameAs(afterWrap);
    }

    @Test
    void ofCallsEquallyOldTheFirstIsTheLeastRecentlyActive() {
        Call first = new Call("first", 7);
        Call second = new Call("second", 7);
        Call newer = new Call("newer", 8);

        assertThat(IdleExpiry.leastRecentlyActive(List.of(newer, first, second), Call::lastActivityNanos))
                .isSameAs(first);
    }

    @Test
    void noCallsHaveNoLeastRecentlyActive() {
        assertThat(IdleExpiry.leastRecentlyActive(List.<Call>of(), Call::lastActivityNanos))
                .isNull();
    }

    @Test
    void anExpiryThatIsNotPositiveIsRejectedNamingIt() {
        assertThatThrownBy(() -> new IdleExpiry(Duration.ZERO, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expiry")
                .hasMessageContaining("PT0S");
        assertThatThrownBy(() -> new IdleExpiry(Duration.ofSeconds(-1), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expiry")
                .hasMessageContaining("PT-1S");
        assertThatThrownBy(() -> new IdleExpiry(null, 0))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("expiry");
    }
}
