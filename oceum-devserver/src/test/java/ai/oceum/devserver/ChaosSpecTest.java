package ai.oceum.devserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class ChaosSpecTest {

    @Test
    void parsesSharesAndLatency() {
        ChaosSpec spec = ChaosSpec.parse("429=0.2, 500=10%,latency=200ms");
        assertThat(spec.statusShares()).containsEntry(429, 0.2).containsEntry(500, 0.1);
        assertThat(spec.latency()).isEqualTo(Duration.ofMillis(200));
        assertThat(spec.isActive()).isTrue();
        assertThat(ChaosSpec.parse("latency=1.5s").latency()).isEqualTo(Duration.ofMillis(1500));
        assertThat(ChaosSpec.parse(" ").isActive()).isFalse();
    }

    @Test
    void picksStatusesByTheirShare() {
        ChaosSpec spec = ChaosSpec.parse("429=0.2,500=0.1");
        assertThat(spec.pickStatus(fixed(0.05))).isEqualTo(429);
        assertThat(spec.pickStatus(fixed(0.25))).isEqualTo(500);
        assertThat(spec.pickStatus(fixed(0.31))).isZero();
    }

    @Test
    void refusesBadSpecsWithAMessageNamingTheItem() {
        assertThatThrownBy(() -> ChaosSpec.parse("429")).hasMessageContaining("'429'");
        assertThatThrownBy(() -> ChaosSpec.parse("200=0.1")).hasMessageContaining("4xx or 5xx");
        assertThatThrownBy(() -> ChaosSpec.parse("500=2")).hasMessageContaining("between 0 and 1");
        assertThatThrownBy(() -> ChaosSpec.parse("429=0.7,500=0.6")).hasMessageContaining("more than 1");
        assertThatThrownBy(() -> ChaosSpec.parse("latency=soon")).hasMessageContaining("200ms");
        assertThatThrownBy(() -> ChaosSpec.parse("teapot=0.1")).hasMessageContaining("'teapot'");
    }

    private static RandomGenerator fixed(double value) {
        return new RandomGenerator() {
            @Override
            public long nextLong() {
                return 0;
            }

            @Override
            public double nextDouble() {
                return value;
            }
        };
    }
}
