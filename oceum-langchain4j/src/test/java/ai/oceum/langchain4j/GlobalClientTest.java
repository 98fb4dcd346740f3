package ai.oceum.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.oceum.Oceum;
import ai.oceum.langchain4j.Agents.Assistant;
import ai.oceum.langchain4j.OceumChatModelListenerTest.EchoModel;
import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.service.AiServices;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The no-argument constructors, for frameworks that create listeners themselves. */
class GlobalClientTest {
    private Harness h;

    @BeforeEach
    void start() throws Exception {
        h = new Harness();
        Oceum.setGlobal(h.oceum);
    }

    @AfterEach
    void stop() {
        Oceum.setGlobal(null);
        h.close();
    }

    @Test
    void reportsThroughTheGlobalClientWhenBuiltWithoutOne() {
        Assistant assistant = AiServices.builder(Assistant.class)
                .chatModel(new EchoModel(List.of(new OceumChatModelListener())))
                .registerListeners(new OceumAiServiceListeners())
                .build();

        assistant.chat("hello");

        assertThat(h.eventTypes()).containsExactly("task_start", "usage", "task_complete");
        assertThat(h.only("usage").path("taskId").asText())
                .isEqualTo(h.only("task_start").path("taskId").asText());
    }

    @Test
    void refusesMissingArgumentsAtConstruction() {
        assertThatThrownBy(() -> new OceumChatModelListener(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("oceum");
        assertThatThrownBy(() -> OceumAiServiceListeners.create(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new OceumChatModelListener(h.oceum, null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void namesProvidersTheWayOceumPricesThem() {
        assertThat(ModelCalls.provider(ModelProvider.OPEN_AI)).isEqualTo("openai");
        assertThat(ModelCalls.provider(ModelProvider.MISTRAL_AI)).isEqualTo("mistral-ai");
        assertThat(ModelCalls.provider(ModelProvider.ANTHROPIC)).isEqualTo("anthropic");
        assertThat(ModelCalls.provider(ModelProvider.OTHER)).isEqualTo("other");
        assertThat(ModelCalls.provider(null)).isNull();
    }
}
