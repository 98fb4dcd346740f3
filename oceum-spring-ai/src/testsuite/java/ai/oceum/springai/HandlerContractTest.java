package ai.oceum.springai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.oceum.Oceum;
import ai.oceum.testing.FakeOpenAi;
import ai.oceum.testing.LogCapture;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.client.ChatClientRequest;
import org.springframework.ai.chat.client.ChatClientResponse;
import org.springframework.ai.chat.client.advisor.api.CallAdvisor;
import org.springframework.ai.chat.client.advisor.api.CallAdvisorChain;
import org.springframework.ai.chat.observation.ChatModelObservationContext;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;

/** What the handler promises its host: it never throws into Spring AI, and costs nothing with Oceum off. */
class HandlerContractTest {

    /** Options whose {@code getModel()} throws, as a broken provider's might. */
    private static ChatOptions brokenOptions() {
        return (ChatOptions) Proxy.newProxyInstance(
                ChatOptions.class.getClassLoader(), new Class<?>[] {ChatOptions.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getModel")) {
                        throw new IllegalStateException("broken options");
                    }
                    return method.getName().equals("hashCode")
                            ? 1
                            : method.getName().equals("equals")
                                    ? proxy == args[0]
                                    : method.getName().equals("toString") ? "broken" : null;
                });
    }

    @Test
    void neverThrowsIntoSpringAiAndWarnsOnceAMinutePerKind() throws Exception {
        try (Harness h = new Harness();
                LogCapture logs = LogCapture.start()) {
            for (int i = 0; i < 3; i++) {
                ChatModelObservationContext context = ChatModelObservationContext.builder()
                        .prompt(new Prompt("hi", brokenOptions()))
                        .provider("openai")
                        .build();
                assertThatCode(() -> Observation.createNotStarted("gen_ai.client.operation", () -> context, h.registry)
                                .observe(() -> {}))
                        .doesNotThrowAnyException();
            }

            assertThat(logs.warnings())
                    .filteredOn(w -> w.contains("handler failed in onStop"))
                    .hasSize(1)
                    .allSatisfy(w -> assertThat(w).contains("broken options"));
            h.openAi.enqueue(FakeOpenAi.Reply.answer("still works", 1, 1));
            assertThat(h.chatClient().prompt().user("hi").call().content()).isEqualTo("still works");
            assertThat(h.all("task_complete")).hasSize(1);
        }
    }

    @Test
    void refusesTheNoopRegistryWithAnErrorSayingWhatToUse() {
        assertThatThrownBy(() -> OceumSpringAi.register(ObservationRegistry.NOOP, Oceum.disabled()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ObservationRegistry.create()");
    }

    @Test
    void keepsNoStateForADisabledClient() throws Exception {
        AtomicInteger openDuringCall = new AtomicInteger(-1);
        try (Harness h = new Harness()) {
            ObservationRegistry registry = ObservationRegistry.create();
            OceumObservationHandler handler = OceumSpringAi.register(registry, Oceum.disabled());
            CallAdvisor probe = new CallAdvisor() {
                @Override
                public ChatClientResponse adviseCall(ChatClientRequest request, CallAdvisorChain chain) {
                    openDuringCall.set(handler.openCalls());
                    return chain.nextCall(request);
                }

                @Override
                public String getName() {
                    return "probe";
                }

                @Override
                public int getOrder() {
                    return 0;
                }
            };
            ModelSetup setup = ModelSetup.defaults();
            ChatClient chat = LineWiring.client(LineWiring.model(h.openAi, registry, setup), registry, setup)
                    .build();

            assertThat(chat.prompt().user("hi").advisors(probe).call().content())
                    .isEqualTo("default answer");

            assertThat(openDuringCall.get()).isZero();
            assertThat(h.receiver.webhookRequests()).isEmpty();
        }
    }

    @Test
    void describesItselfWithoutContent() {
        OceumObservationHandler handler = new OceumObservationHandler(Oceum.disabled());
        assertThat(handler.toString()).contains("open=0", "includeContent=false");
        assertThat(handler.options()).isSameAs(OceumSpringAiOptions.defaults());
    }
}
