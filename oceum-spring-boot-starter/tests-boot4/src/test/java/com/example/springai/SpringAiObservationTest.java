package com.example.springai;

import static org.assertj.core.api.Assertions.assertThat;

import ai.oceum.Oceum;
import ai.oceum.spring.boot.observation.OceumObservationRegistrar;
import ai.oceum.testing.FakeOpenAi;
import ai.oceum.testing.FakeOpenAi.Reply;
import ai.oceum.testing.TestClients;
import ai.oceum.testing.TestReceiver;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.client.observation.ChatClientObservationContext;
import org.springframework.ai.chat.observation.ChatModelObservationContext;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * Spring AI 2.0.1 on Boot 4.0 reports its model calls only through an {@code ObservationRegistry}
 * bean. With the actuator (through spring-boot-micrometer-observation) Boot makes one; without it
 * (here: Boot's observation auto-configuration excluded) the starter does. Either way an {@link OceumObservationRegistrar} (the Spring AI
 * adapter's hook) sees the model call with its usage. (No negative control here, unlike on Boot 3.5:
 * with neither registry, Boot 4's own web-client observation configuration stops the application
 * from starting at all.)
 */
class SpringAiObservationTest {

    @Test
    void withoutBootsRegistrySpringAiIsObservedThroughTheStartersOwn() throws Exception {
        List<String> seen = run("spring.autoconfigure.exclude="
                + "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration");
        assertThat(seen)
                .contains(
                        "registry=oceumObservationRegistry",
                        "gen_ai.client.operation tokens=11/7",
                        "spring.ai.chat.client");
    }

    @Test
    void withBootsRegistryTheStarterAddsNone_andSpringAiIsObservedThroughBoots() throws Exception {
        List<String> seen = run("spring.main.banner-mode=off");
        assertThat(seen).contains("registry=observationRegistry", "gen_ai.client.operation tokens=11/7");
    }

    private static List<String> run(String... extra) throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        try (TestReceiver receiver = TestReceiver.start();
                FakeOpenAi openAi = FakeOpenAi.start()) {
            openAi.enqueue(Reply.answer("Paris.", 11, 7));
            SpringApplicationBuilder builder = new SpringApplicationBuilder(SpringAiApp.class, Hook.class)
                    .web(org.springframework.boot.WebApplicationType.NONE)
                    .properties(
                            "oceum.api-key=" + TestClients.API_KEY,
                            "oceum.agent-id=spring-ai",
                            "oceum.base-url=" + receiver.baseUrl(),
                            "oceum.heartbeat.enabled=false",
                            "spring.ai.openai.base-url=" + openAi.baseUrl() + "/v1",
                            "spring.ai.openai.api-key=sk-test",
                            "spring.ai.openai.chat.model=gpt-4o-mini")
                    .properties(extra);
            try (ConfigurableApplicationContext app = builder.run()) {
                app.getBean(Hook.class).seen = seen;
                ChatClient client = app.getBean(ChatClient.Builder.class).build();
                assertThat(client.prompt("Capital of France?").call().content()).isEqualTo("Paris.");
                String[] registries = app.getBeanNamesForType(ObservationRegistry.class);
                if (!seen.isEmpty()) {
                    seen.add("registry=" + String.join(",", registries));
                }
            }
        } finally {
            Oceum.setGlobal(null);
        }
        return seen;
    }

    /** What the Spring AI adapter will register: here, a handler recording what it sees. */
    static class Hook {
        volatile List<String> seen = new CopyOnWriteArrayList<>();

        @Bean
        OceumObservationRegistrar recordingRegistrar() {
            return (registry, oceum) -> registry.observationConfig().observationHandler(new ObservationHandler<>() {
                @Override
                public boolean supportsContext(Observation.Context context) {
                    // The name is not set yet when this is asked: decide by type.
                    return context instanceof ChatModelObservationContext
                            || context instanceof ChatClientObservationContext;
                }

                @Override
                public void onStop(Observation.Context context) {
                    if (context instanceof ChatModelObservationContext model && model.getResponse() != null) {
                        var usage = model.getResponse().getMetadata().getUsage();
                        seen.add(context.getName() + " tokens=" + usage.getPromptTokens() + "/"
                                + usage.getCompletionTokens());
                    } else {
                        seen.add(context.getName());
                    }
                }
            });
        }
    }
}
