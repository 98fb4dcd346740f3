package com.example.springai;

import static org.assertj.core.api.Assertions.assertThat;

import ai.oceum.Oceum;
import ai.oceum.spring.boot.observation.OceumObservationRegistrar;
import ai.oceum.testing.FakeOpenAi;
import ai.oceum.testing.FakeOpenAi.Reply;
import ai.oceum.testing.TestClients;
import ai.oceum.testing.TestReceiver;
import com.example.aidesk.SpringAiLine;
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
 * Spring AI (1.1.2 on Boot 3.5, 2.0.1 on Boot 4.0) reports its model calls only through an
 * {@code ObservationRegistry} bean. With the actuator Boot makes one; without it (here: Boot's
 * observation auto-configuration, {@link SpringAiLine#BOOT_OBSERVATION}, excluded) the starter
 * does. Either way an {@link OceumObservationRegistrar} (the Spring AI adapter's hook) sees the
 * model call with its usage. What differs between the lines (that class's name, the OpenAI
 * properties) comes from {@link SpringAiLine}; each line's {@code SpringAiObservationTest} runs
 * these tests, and Boot 3.5's adds a negative control.
 */
public abstract class SpringAiObservationContract {

    @Test
    void withoutBootsRegistrySpringAiIsObservedThroughTheStartersOwn() throws Exception {
        List<String> seen = run("spring.autoconfigure.exclude=" + SpringAiLine.BOOT_OBSERVATION);
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

    /**
     * Starts {@link SpringAiApp} with {@code extra} properties, makes one {@code ChatClient} call and
     * closes it; returns what the recording hook saw, then the registry beans if it saw anything.
     */
    protected static List<String> run(String... extra) throws Exception {
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
                            "oceum.heartbeat.enabled=false")
                    .properties(SpringAiLine.openAi(openAi.baseUrl()))
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
