package ai.oceum.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class OceumLangChain4jOptionsTest {

    @Test
    void defaultsSendNoContent() {
        OceumLangChain4jOptions d = OceumLangChain4jOptions.defaults();
        assertThat(d.includeContent()).isFalse();
        assertThat(d.maxContentLength()).isEqualTo(OceumLangChain4jOptions.DEFAULT_MAX_CONTENT_LENGTH);
        assertThat(d.stateExpiry()).isEqualTo(Duration.ofMinutes(10));
        assertThat(d.maxOpenInvocations()).isEqualTo(10_000);
        assertThat(d.maxToolCallsInSummary()).isEqualTo(100);
        assertThat(d.reportToolErrors()).isTrue();
    }

    @Test
    void toBuilderGivesAChangedCopyAndLeavesTheOriginalAlone() {
        OceumLangChain4jOptions original = OceumLangChain4jOptions.builder()
                .includeContent(true)
                .maxContentLength(50)
                .build();
        OceumLangChain4jOptions changed = original.toBuilder()
                .maxOpenInvocations(7)
                .reportToolErrors(false)
                .build();

        assertThat(changed.includeContent()).isTrue();
        assertThat(changed.maxContentLength()).isEqualTo(50);
        assertThat(changed.maxOpenInvocations()).isEqualTo(7);
        assertThat(changed.reportToolErrors()).isFalse();
        assertThat(original.maxOpenInvocations()).isEqualTo(10_000);
        assertThat(original.reportToolErrors()).isTrue();
    }

    @Test
    void refusesBadValuesAtOnceWithAClearMessage() {
        OceumLangChain4jOptions.Builder b = OceumLangChain4jOptions.builder();
        assertThatThrownBy(() -> b.maxContentLength(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxContentLength")
                .hasMessageContaining("0");
        assertThatThrownBy(() -> b.stateExpiry(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("stateExpiry");
        assertThatThrownBy(() -> b.stateExpiry(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.stateExpiry(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> b.maxOpenInvocations(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxOpenInvocations");
        assertThatThrownBy(() -> b.maxToolCallsInSummary(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void describesItselfReadably() {
        assertThat(OceumLangChain4jOptions.defaults().toString())
                .contains("includeContent=false")
                .contains("stateExpiry=PT10M");
    }

    @Test
    void truncatesContentTheWayTheCoreMarksCutStrings() {
        assertThat(Content.truncate("abcdef", 3)).isEqualTo("abc…[truncated 3 chars]");
        assertThat(Content.truncate("abc", 3)).isEqualTo("abc");
        assertThat(Content.truncate(null, 3)).isNull();
    }
}
