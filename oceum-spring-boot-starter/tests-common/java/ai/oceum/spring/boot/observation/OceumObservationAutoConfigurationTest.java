package ai.oceum.spring.boot.observation;

import static org.assertj.core.api.Assertions.assertThat;

import ai.oceum.Oceum;
import ai.oceum.spring.boot.Starter;
import ai.oceum.testing.TestReceiver;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class OceumObservationAutoConfigurationTest {
    private final TestReceiver receiver = TestReceiver.start();

    @AfterEach
    void stop() {
        receiver.close();
        Oceum.setGlobal(null);
    }

    @Test
    void withoutARegistryOneIsMade_withTheHandlerBeans_andHandedToTheRegistrars() {
        Starter.runner(receiver, "obs").withUserConfiguration(Hooks.class).run(context -> {
            ObservationRegistry registry = context.getBean(ObservationRegistry.class);
            assertThat(context.getBeanNamesForType(ObservationRegistry.class))
                    .containsExactly("oceumObservationRegistry");
            Observation.createNotStarted("gen_ai.client.operation", registry).observe(() -> {});
            Hooks hooks = context.getBean(Hooks.class);
            assertThat(hooks.handlerSaw).containsExactly("gen_ai.client.operation");
            assertThat(hooks.registrarSaw).containsExactly("gen_ai.client.operation");
            assertThat(hooks.registrarClient).isSameAs(context.getBean(Oceum.class));
        });
    }

    @Test
    void theApplicationsRegistryIsUsed_andStillHandedToTheRegistrars() {
        Starter.runner(receiver, "obs")
                .withUserConfiguration(Hooks.class, OwnRegistry.class)
                .run(context -> {
                    assertThat(context.getBeanNamesForType(ObservationRegistry.class))
                            .containsExactly("myRegistry");
                    Observation.createNotStarted("spring.ai.tool", context.getBean(ObservationRegistry.class))
                            .observe(() -> {});
                    assertThat(context.getBean(Hooks.class).registrarSaw).containsExactly("spring.ai.tool");
                });
    }

    @Test
    void theSwitchTurnsItOff() {
        Starter.runner(receiver, "obs")
                .withPropertyValues("oceum.observation.enabled=false")
                .withUserConfiguration(Hooks.class)
                .run(context -> {
                    assertThat(context).doesNotHaveBean(ObservationRegistry.class);
                    assertThat(context.getBean(Hooks.class).registrarClient).isNull();
                });
    }

    @Configuration(proxyBeanMethods = false)
    static class Hooks {
        final List<String> handlerSaw = new CopyOnWriteArrayList<>();
        final List<String> registrarSaw = new CopyOnWriteArrayList<>();
        volatile Oceum registrarClient;

        @Bean
        ObservationHandler<Observation.Context> recordingHandler() {
            return new Recorder(handlerSaw);
        }

        @Bean
        OceumObservationRegistrar recordingRegistrar() {
            return (registry, oceum) -> {
                registrarClient = oceum;
                registry.observationConfig().observationHandler(new Recorder(registrarSaw));
            };
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnRegistry {
        @Bean
        ObservationRegistry myRegistry() {
            return ObservationRegistry.create();
        }
    }

    record Recorder(List<String> names) implements ObservationHandler<Observation.Context> {
        @Override
        public boolean supportsContext(Observation.Context context) {
            return true;
        }

        @Override
        public void onStop(Observation.Context context) {
            names.add(context.getName());
        }
    }
}
