package ai.oceum.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import ai.oceum.Oceum;
import ai.oceum.langchain4j.OceumChatModelListener;
import ai.oceum.spring.boot.logging.LogbackAppenderInstaller;
import ai.oceum.spring.boot.metrics.OceumMeterBinder;
import ai.oceum.spring.boot.task.AgentTaskPostProcessor;
import ai.oceum.testing.TestReceiver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.FilteredClassLoader;

/** Each part is off when its library is absent, and the rest still works. */
class LibraryAbsenceTest {
    private final TestReceiver receiver = TestReceiver.start();

    @AfterEach
    void stop() {
        receiver.close();
        Oceum.setGlobal(null);
    }

    @Test
    void withEveryLibraryPresentEveryPartIsOn() {
        Starter.runner(receiver, "all").run(context -> {
            assertThat(context)
                    .hasSingleBean(LogbackAppenderInstaller.class)
                    .hasSingleBean(OceumMeterBinder.class)
                    .hasSingleBean(AgentTaskPostProcessor.class)
                    .hasBean("oceumObservationRegistry")
                    .hasBean("oceumSpringAiRegistrar")
                    .hasBean("oceumToolExceptionProcessorWrapper");
        });
    }

    @Test
    void withoutLogbackThereIsNoAppender() {
        Starter.runner(receiver, "nologback")
                .withClassLoader(new FilteredClassLoader("ch.qos.logback"))
                .run(context -> {
                    assertThat(context)
                            .hasNotFailed()
                            .hasSingleBean(Oceum.class)
                            .doesNotHaveBean(LogbackAppenderInstaller.class);
                });
    }

    @Test
    void withoutLangChain4jThereIsNoListener() {
        Starter.runner(receiver, "nolc4j")
                .withClassLoader(new FilteredClassLoader("dev.langchain4j"))
                .run(context -> {
                    assertThat(context).hasNotFailed().doesNotHaveBean(OceumChatModelListener.class);
                });
    }

    @Test
    void withoutSpringAiNoRegistryIsMade_butTheRegistrarHookStaysForTheApplicationsOwn() {
        Starter.runner(receiver, "nospringai")
                .withClassLoader(new FilteredClassLoader("org.springframework.ai"))
                .run(context -> {
                    assertThat(context)
                            .hasNotFailed()
                            .doesNotHaveBean("oceumObservationRegistry")
                            .hasBean("oceumObservationRegistrarPostProcessor")
                            .doesNotHaveBean("oceumSpringAiRegistrar")
                            .doesNotHaveBean("oceumToolExceptionProcessorWrapper");
                });
    }

    @Test
    void withSpringAiButWithoutOceumsSpringAiJarTheRestWorks() {
        Starter.runner(receiver, "nooceumspringai")
                .withClassLoader(new FilteredClassLoader("ai.oceum.springai"))
                .run(context -> {
                    assertThat(context)
                            .hasNotFailed()
                            .hasBean("oceumObservationRegistry")
                            .doesNotHaveBean("oceumSpringAiRegistrar")
                            .doesNotHaveBean("oceumToolExceptionProcessorWrapper");
                });
    }

    @Test
    void withoutMicrometerThereAreNoMetersAndNoRegistry() {
        Starter.runner(receiver, "nomicrometer")
                .withClassLoader(new FilteredClassLoader("io.micrometer"))
                .run(context -> {
                    assertThat(context)
                            .hasNotFailed()
                            .hasSingleBean(Oceum.class)
                            .doesNotHaveBean(OceumMeterBinder.class)
                            .doesNotHaveBean("oceumObservationRegistry");
                });
    }
}
