package ai.oceum.spring.boot.springai;

import static org.assertj.core.api.Assertions.assertThat;

import ai.oceum.Oceum;
import ai.oceum.spring.boot.OceumFailureAnalyzer;
import ai.oceum.spring.boot.Starter;
import ai.oceum.spring.boot.observation.OceumObservationRegistrar;
import ai.oceum.springai.AgentTaskNaming;
import ai.oceum.springai.OceumObservationHandler;
import ai.oceum.springai.OceumSpringAi;
import ai.oceum.springai.OceumSpringAiOptions;
import ai.oceum.springai.OceumToolExecutionExceptionProcessor;
import ai.oceum.testing.TestReceiver;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import java.lang.reflect.Method;
import java.util.Collection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.ai.tool.definition.ToolDefinition;
import org.springframework.ai.tool.execution.DefaultToolExecutionExceptionProcessor;
import org.springframework.ai.tool.execution.ToolExecutionException;
import org.springframework.ai.tool.execution.ToolExecutionExceptionProcessor;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The Spring AI part of the starter, condition by condition: the handler on the registry, the
 * switch, the application's own registration winning (never two handlers), and the wrapped
 * tool-exception processor. The whole path through a real application is in {@code com.example.aidesk}.
 */
class OceumSpringAiAutoConfigurationTest {
    private final TestReceiver receiver = TestReceiver.start();

    @AfterEach
    void stop() {
        receiver.close();
        Oceum.setGlobal(null);
    }

    @Test
    void theHandlerIsOnTheRegistry_withTheOptionsFromTheProperties() {
        Starter.runner(receiver, "sai")
                .withPropertyValues("oceum.spring-ai.include-content=true", "oceum.spring-ai.max-content-length=300")
                .withUserConfiguration(Processors.class)
                .run(context -> {
                    assertThat(oceumHandlers(context.getBean(ObservationRegistry.class)))
                            .isEqualTo(1);
                    OceumSpringAiOptions options = context.getBean(OceumSpringAiOptions.class);
                    assertThat(options.includeContent()).isTrue();
                    assertThat(options.maxContentLength()).isEqualTo(300);
                    assertThat(context.getBean("springAisProcessor"))
                            .isInstanceOf(OceumToolExecutionExceptionProcessor.class);
                });
    }

    @Test
    void agentTaskNamingIsAutoUnlessThePropertySaysOtherwise_inAnyCase() {
        Starter.runner(receiver, "sai")
                .run(context -> assertThat(
                                context.getBean(OceumSpringAiOptions.class).agentTaskNaming())
                        .isEqualTo(AgentTaskNaming.AUTO));
        Starter.runner(receiver, "sai")
                .withPropertyValues("oceum.spring-ai.agent-task-naming= Always ")
                .run(context -> assertThat(
                                context.getBean(OceumSpringAiOptions.class).agentTaskNaming())
                        .isEqualTo(AgentTaskNaming.ALWAYS));
        Starter.runner(receiver, "sai")
                .withPropertyValues("oceum.spring-ai.agent-task-naming=off")
                .run(context -> assertThat(
                                context.getBean(OceumSpringAiOptions.class).agentTaskNaming())
                        .isEqualTo(AgentTaskNaming.OFF));
    }

    @Test
    void anUnknownAgentTaskNamingStopsStartup_namingThePropertyAndTheValuesItTakes() {
        Starter.runner(receiver, "sai")
                .withPropertyValues("oceum.spring-ai.agent-task-naming=sometimes")
                .run(context -> {
                    assertThat(context).hasFailed();
                    FailureAnalysis analysis = new OceumFailureAnalyzer().analyze(context.getStartupFailure());
                    assertThat(analysis).as("analysed as an Oceum property").isNotNull();
                    assertThat(analysis.getDescription())
                            .contains("oceum.spring-ai.agent-task-naming", "auto, always or off", "'sometimes'");
                });
    }

    @Test
    void switchedOffThereIsNoHandler_andTheProcessorIsSpringAisOwn() {
        Starter.runner(receiver, "sai")
                .withPropertyValues("oceum.spring-ai.enabled=false")
                .withUserConfiguration(Processors.class)
                .run(context -> {
                    assertThat(context)
                            .hasNotFailed()
                            .doesNotHaveBean(OceumSpringAiOptions.class)
                            .doesNotHaveBean("oceumSpringAiRegistrar")
                            .hasSingleBean(ObservationRegistry.class);
                    assertThat(oceumHandlers(context.getBean(ObservationRegistry.class)))
                            .isZero();
                    assertThat(context.getBean("springAisProcessor"))
                            .isInstanceOf(DefaultToolExecutionExceptionProcessor.class);
                });
    }

    @Test
    void offWithTheObservationHookToo() {
        Starter.runner(receiver, "sai")
                .withPropertyValues("oceum.observation.enabled=false")
                .run(context -> assertThat(context)
                        .hasNotFailed()
                        .doesNotHaveBean("oceumSpringAiRegistrar")
                        .doesNotHaveBean("oceumToolExceptionProcessorWrapper"));
    }

    @Test
    void theApplicationsHandlerBeanWins_oneHandlerOnTheRegistry() {
        Starter.runner(receiver, "sai")
                .withUserConfiguration(OwnHandlerBean.class)
                .run(context -> {
                    assertThat(context).doesNotHaveBean("oceumSpringAiRegistrar");
                    assertThat(oceumHandlers(context.getBean(ObservationRegistry.class)))
                            .isEqualTo(1);
                });
    }

    @Test
    void theApplicationsOwnRegistrarWins_oneHandlerOnTheRegistry() {
        Starter.runner(receiver, "sai")
                .withUserConfiguration(OwnRegistrar.class)
                .run(context -> {
                    assertThat(oceumHandlers(context.getBean(ObservationRegistry.class)))
                            .isEqualTo(1);
                });
    }

    @Test
    void aRegistryTheApplicationRegisteredOnItselfGetsNoSecondHandler() {
        Starter.runner(receiver, "sai")
                .withUserConfiguration(OwnRegistryWithHandler.class)
                .run(context -> {
                    assertThat(context.getBeanNamesForType(ObservationRegistry.class))
                            .containsExactly("myRegistry");
                    assertThat(oceumHandlers(context.getBean(ObservationRegistry.class)))
                            .isEqualTo(1);
                });
    }

    @Test
    void negativeControl_withoutTheCheckTheApplicationsRegistrarAndOursWouldBothRegister() throws Exception {
        // What the check on the registry prevents: the application's handler plus one more.
        ObservationRegistry registry = ObservationRegistry.create();
        try (Oceum oceum = Oceum.disabled()) {
            OceumSpringAi.register(registry, oceum);
            assertThat(SpringAiRegistrar.hasOceumHandler(registry)).isTrue();
            new SpringAiRegistrar(OceumSpringAiOptions.defaults()).register(registry, oceum);
            assertThat(oceumHandlers(registry)).isEqualTo(1);
            OceumSpringAi.register(registry, oceum);
            assertThat(oceumHandlers(registry))
                    .as("what an unchecked second registration does")
                    .isEqualTo(2);
        }
    }

    @Test
    void aProcessorAlreadyWrappedIsNotWrappedAgain_andOneWithOtherRolesIsLeftAsItIs() {
        Starter.runner(receiver, "sai")
                .withUserConfiguration(WrappedAndMultiRoleProcessors.class)
                .run(context -> {
                    assertThat(context.getBean("alreadyWrapped"))
                            .isSameAs(WrappedAndMultiRoleProcessors.ALREADY_WRAPPED);
                    assertThat(context.getBean("multiRole")).isInstanceOf(MultiRole.class);
                });
    }

    @Test
    void theWrappedProcessorStillDoesWhatSpringAisDid() {
        Starter.runner(receiver, "sai").withUserConfiguration(Processors.class).run(context -> {
            ToolExecutionExceptionProcessor processor =
                    context.getBean("springAisProcessor", ToolExecutionExceptionProcessor.class);
            ToolExecutionException failure = new ToolExecutionException(
                    ToolDefinition.builder()
                            .name("lookupOrder")
                            .description("d")
                            .inputSchema("{}")
                            .build(),
                    new IllegalStateException("order system down"));
            assertThat(processor.process(failure))
                    .isEqualTo(new DefaultToolExecutionExceptionProcessor(false).process(failure));
        });
    }

    /** How many Oceum handlers the registry calls, composites included (Micrometer lists them only package-privately). */
    static int oceumHandlers(ObservationRegistry registry) throws Exception {
        Method handlers = ObservationRegistry.ObservationConfig.class.getDeclaredMethod("getObservationHandlers");
        handlers.setAccessible(true);
        return count((Collection<?>) handlers.invoke(registry.observationConfig()));
    }

    private static int count(Collection<?> handlers) {
        int n = 0;
        for (Object h : handlers) {
            if (h instanceof OceumObservationHandler) {
                n++;
            } else if (h instanceof ObservationHandler.CompositeObservationHandler composite) {
                n += count(composite.getHandlers());
            }
        }
        return n;
    }

    @Configuration(proxyBeanMethods = false)
    static class Processors {
        @Bean
        ToolExecutionExceptionProcessor springAisProcessor() {
            return new DefaultToolExecutionExceptionProcessor(false);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnHandlerBean {
        @Bean
        OceumObservationHandler myHandler(Oceum oceum) {
            return new OceumObservationHandler(oceum);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnRegistrar {
        @Bean
        OceumObservationRegistrar mySpringAi() {
            return OceumSpringAi::register;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnRegistryWithHandler {
        @Bean
        ObservationRegistry myRegistry() {
            ObservationRegistry registry = ObservationRegistry.create();
            registry.observationConfig()
                    .observationHandler(new ObservationHandler.FirstMatchingCompositeObservationHandler(
                            new OceumObservationHandler()));
            return registry;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class WrappedAndMultiRoleProcessors {
        static final ToolExecutionExceptionProcessor ALREADY_WRAPPED = OceumSpringAi.toolExceptionProcessor();

        @Bean
        ToolExecutionExceptionProcessor alreadyWrapped() {
            return ALREADY_WRAPPED;
        }

        @Bean
        MultiRole multiRole() {
            return new MultiRole();
        }
    }

    /** A processor that is also something else the application injects. */
    static class MultiRole implements ToolExecutionExceptionProcessor, Runnable {
        @Override
        public String process(ToolExecutionException exception) {
            return "handled";
        }

        @Override
        public void run() {}
    }
}
