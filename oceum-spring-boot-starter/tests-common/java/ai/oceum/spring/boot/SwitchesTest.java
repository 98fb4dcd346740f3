package ai.oceum.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import ai.oceum.Oceum;
import ai.oceum.langchain4j.OceumChatModelListener;
import ai.oceum.langchain4j.OceumLangChain4jOptions;
import ai.oceum.spring.boot.logging.LogbackAppenderInstaller;
import ai.oceum.spring.boot.metrics.OceumMeterBinder;
import ai.oceum.spring.boot.task.AgentTaskPostProcessor;
import ai.oceum.testing.TestReceiver;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationContext;

/**
 * Each part has its own switch: turning one off removes that part and leaves every other part on
 * (with all libraries present, so that only the switch decides).
 */
class SwitchesTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final TestReceiver receiver = TestReceiver.start();

    @AfterEach
    void stop() {
        receiver.close();
        Oceum.setGlobal(null);
    }

    /** A part of the starter and how to tell that it is on. */
    record Part(String name, Predicate<ApplicationContext> on) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static final List<Part> PARTS = List.of(
            new Part("agent-task", c -> has(c, AgentTaskPostProcessor.class)),
            new Part("logging", c -> has(c, LogbackAppenderInstaller.class)),
            new Part("metrics", c -> has(c, OceumMeterBinder.class)),
            new Part("langchain4j", c -> has(c, OceumChatModelListener.class) && has(c, OceumLangChain4jOptions.class)),
            new Part("observation", c -> c.containsBean("oceumObservationRegistry")),
            new Part(
                    "spring-ai",
                    c -> c.containsBean("oceumSpringAiRegistrar")
                            && c.containsBean("oceumToolExceptionProcessorWrapper")));

    private static boolean has(ApplicationContext context, Class<?> type) {
        return context.getBeanNamesForType(type).length == 1;
    }

    static Stream<Arguments> switches() {
        return Stream.of(
                Arguments.of("oceum.agent-task.enabled", List.of("agent-task")),
                Arguments.of("oceum.logging.enabled", List.of("logging")),
                Arguments.of("oceum.metrics.enabled", List.of("metrics")),
                Arguments.of("oceum.langchain4j.enabled", List.of("langchain4j")),
                // Spring AI is observed through the registry: without it the handler has nowhere to go.
                Arguments.of("oceum.observation.enabled", List.of("observation", "spring-ai")),
                Arguments.of("oceum.spring-ai.enabled", List.of("spring-ai")));
    }

    @Test
    void withNoSwitchTouchedEveryPartIsOn() {
        Starter.runner(receiver, "all-on").run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(Oceum.class);
            for (Part part : PARTS) {
                assertThat(part.on().test(context)).as(part.name()).isTrue();
            }
        });
    }

    @ParameterizedTest(name = "{0}=false")
    @MethodSource("switches")
    void eachSwitchTurnsOffItsPartAndNothingElse(String property, List<String> partsOff) {
        Starter.runner(receiver, "switches")
                .withPropertyValues(property + "=false")
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(Oceum.class);
                    for (Part part : PARTS) {
                        assertThat(part.on().test(context))
                                .as(part.name() + " with " + property + "=false")
                                .isEqualTo(!partsOff.contains(part.name()));
                    }
                });
    }

    @Test
    void heartbeatStatusFalseLeavesTheAgentsStatusAlone_whileTheHeartbeatStillBeats() {
        Starter.runner(receiver, "no-status")
                .withPropertyValues("oceum.heartbeat.status=false")
                .run(context -> {
                    assertThat(receiver.awaitEvents("heartbeat", 1, WAIT)).isNotEmpty();
                    AvailabilityChangeEvent.publish(context, ReadinessState.ACCEPTING_TRAFFIC);
                    AvailabilityChangeEvent.publish(context, ReadinessState.REFUSING_TRAFFIC);
                    context.getBean(Oceum.class).taskComplete("marker");
                });
        // Closing the context delivered everything accepted (the marker is there), and no status was among it,
        // not even "shutting-down".
        assertThat(receiver.events("task_complete")).hasSize(1);
        assertThat(receiver.events("status")).isEmpty();
    }
}
