package ai.oceum.springai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class OceumSpringAiOptionsTest {
    @Test
    void hasPrivateSafeDefaults() {
        OceumSpringAiOptions d = OceumSpringAiOptions.defaults();
        assertThat(d.includeContent()).isFalse();
        assertThat(d.maxContentLength()).isEqualTo(2000);
        assertThat(d.stateExpiry()).isEqualTo(Duration.ofMinutes(10));
        assertThat(d.maxOpenCalls()).isEqualTo(10_000);
        assertThat(d.maxToolCallsInSummary()).isEqualTo(100);
        assertThat(d.reportToolErrors()).isTrue();
        assertThat(d.defaultTaskName()).isNull();
        assertThat(d.defaultTaskName(false)).isEqualTo("ChatClient.call");
        assertThat(d.defaultTaskName(true)).isEqualTo("ChatClient.stream");
        assertThat(d.agentTaskNaming()).isEqualTo(AgentTaskNaming.AUTO);
    }

    @Test
    void rejectsBadValuesNamingTheOption() {
        OceumSpringAiOptions.Builder b = OceumSpringAiOptions.builder();
        assertThatThrownBy(() -> b.maxContentLength(0)).hasMessageContaining("maxContentLength");
        assertThatThrownBy(() -> b.stateExpiry(Duration.ZERO)).hasMessageContaining("stateExpiry");
        assertThatThrownBy(() -> b.stateExpiry(null)).hasMessageContaining("stateExpiry");
        assertThatThrownBy(() -> b.maxOpenCalls(0)).hasMessageContaining("maxOpenCalls");
        assertThatThrownBy(() -> b.maxToolCallsInSummary(-1)).hasMessageContaining("maxToolCallsInSummary");
        assertThatThrownBy(() -> b.defaultTaskName(" ")).hasMessageContaining("defaultTaskName");
        assertThatThrownBy(() -> b.agentTaskNaming(null)).hasMessageContaining("agentTaskNaming");
    }

    @Test
    void copiesEverySettingThroughToBuilder() {
        OceumSpringAiOptions o = OceumSpringAiOptions.builder()
                .includeContent(true)
                .maxContentLength(9)
                .stateExpiry(Duration.ofSeconds(30))
                .maxOpenCalls(7)
                .maxToolCallsInSummary(3)
                .reportToolErrors(false)
                .defaultTaskName(" agent ")
                .agentTaskNaming(AgentTaskNaming.OFF)
                .build();
        OceumSpringAiOptions copy = o.toBuilder().build();
        assertThat(copy.toString()).isEqualTo(o.toString());
        assertThat(copy.defaultTaskName()).isEqualTo("agent");
        assertThat(copy.defaultTaskName(true)).isEqualTo("agent");
        assertThat(o.toString()).contains("includeContent=true", "maxOpenCalls=7", "agentTaskNaming=OFF");
    }
}
