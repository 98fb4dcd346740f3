package ai.oceum.springai;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.ai.observation.AiOperationMetadata;

/** Spring AI's provider values spelled as Oceum prices them, whatever the order they come in. */
class ProviderNamesTest {
    private static String spelled(String provider) {
        return ModelCallReporter.provider(new AiOperationMetadata("chat", provider));
    }

    @Test
    void spellsEachProviderAsOceumPricesItWhenProvidersAlternate() {
        for (int i = 0; i < 3; i++) {
            assertThat(spelled("openai")).isEqualTo("openai");
            assertThat(spelled("mistral_ai")).isEqualTo("mistral-ai");
            assertThat(spelled("mistral_ai")).isEqualTo("mistral-ai");
            assertThat(spelled("openai_sdk")).isEqualTo("openai");
            // An equal value in another String object: the last-provider shortcut must not be needed.
            assertThat(spelled(new String("Mistral_AI".toCharArray()))).isEqualTo("mistral-ai");
            assertThat(spelled("openai")).isEqualTo("openai");
        }
    }

    @Test
    void spellsNoProviderAsNone() {
        assertThat(ModelCallReporter.provider(null)).isNull();
    }
}
