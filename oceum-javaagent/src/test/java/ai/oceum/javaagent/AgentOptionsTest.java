package ai.oceum.javaagent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AgentOptionsTest {
    @Test
    void defaultsToNoDebugOutput() {
        assertThat(AgentOptions.parse(null).debug()).isFalse();
        assertThat(AgentOptions.parse(" ").debug()).isFalse();
    }

    @Test
    void acceptsDebugInEitherForm() {
        assertThat(AgentOptions.parse("debug").debug()).isTrue();
        assertThat(AgentOptions.parse(" DEBUG=true ,").debug()).isTrue();
        assertThat(AgentOptions.parse("debug,debug=false").debug()).isFalse();
    }

    @Test
    void rejectsAnUnknownOptionByName() {
        assertThatThrownBy(() -> AgentOptions.parse("debug,verbose"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown option 'verbose' (known: debug)");
    }
}
