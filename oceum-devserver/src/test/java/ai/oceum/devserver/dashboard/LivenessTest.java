package ai.oceum.devserver.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import ai.oceum.devserver.dashboard.Liveness.State;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LivenessTest {
    private final Liveness liveness = new Liveness(Duration.ofSeconds(60));

    @Test
    void staleAfterTwoAndAHalfObservedIntervals() {
        assertThat(liveness.of(1_000L, 10_000L, null, 1_000 + 25_000)).isEqualTo(State.LIVE);
        assertThat(liveness.of(1_000L, 10_000L, null, 1_000 + 25_001)).isEqualTo(State.STALE);
    }

    @Test
    void offlineAfterSixObservedIntervals() {
        assertThat(liveness.of(1_000L, 10_000L, "busy", 1_000 + 60_000)).isEqualTo(State.STALE);
        assertThat(liveness.of(1_000L, 10_000L, "busy", 1_000 + 60_001)).isEqualTo(State.OFFLINE);
    }

    @Test
    void anAgentThatSaysItIsOfflineIsOfflineAtOnce() {
        assertThat(liveness.of(1_000L, 10_000L, "offline", 1_001)).isEqualTo(State.OFFLINE);
    }

    @Test
    void usesTheDefaultIntervalUntilOneIsObserved() {
        assertThat(liveness.staleAfterMs(null)).isEqualTo(150_000);
        assertThat(liveness.of(0L, null, null, 149_000)).isEqualTo(State.LIVE);
        assertThat(liveness.of(0L, null, null, 151_000)).isEqualTo(State.STALE);
    }

    @Test
    void quickSuccessiveBeatsDoNotMakeItHairTrigger() {
        assertThat(liveness.staleAfterMs(3L)).isEqualTo(2_500);
    }

    @Test
    void anAgentWithoutHeartbeatsIsSilent() {
        assertThat(liveness.of(null, null, null, 5)).isEqualTo(State.SILENT);
    }

    @Test
    void aGapLongerThanTheStaleLimitStartsANewRun() {
        assertThat(liveness.startsNewRun(25_000, 10_000L)).isFalse();
        assertThat(liveness.startsNewRun(25_001, 10_000L)).isTrue();
        assertThat(liveness.startsNewRun(150_001, null)).isTrue();
    }
}
