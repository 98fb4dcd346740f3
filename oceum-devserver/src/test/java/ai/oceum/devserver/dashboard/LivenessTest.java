package ai.oceum.devserver.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LivenessTest {
    private final Liveness liveness = new Liveness(Duration.ofSeconds(60));

    @Test
    void degradedAfterTwoAndAHalfObservedIntervals() {
        assertThat(liveness.of(1_000L, 10_000L, 1_000 + 25_000)).isEqualTo("live");
        assertThat(liveness.of(1_000L, 10_000L, 1_000 + 25_001)).isEqualTo("degraded");
    }

    @Test
    void usesTheDefaultIntervalUntilOneIsObserved() {
        assertThat(liveness.degradedAfterMs(null)).isEqualTo(150_000);
        assertThat(liveness.of(0L, null, 149_000)).isEqualTo("live");
        assertThat(liveness.of(0L, null, 151_000)).isEqualTo("degraded");
    }

    @Test
    void quickSuccessiveBeatsDoNotMakeItHairTrigger() {
        assertThat(liveness.degradedAfterMs(3L)).isEqualTo(2_500);
    }

    @Test
    void anAgentWithoutHeartbeatsIsSilent() {
        assertThat(liveness.of(null, null, 5)).isEqualTo("silent");
    }
}
