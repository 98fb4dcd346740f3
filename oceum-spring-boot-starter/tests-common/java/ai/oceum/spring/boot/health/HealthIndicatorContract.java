package ai.oceum.spring.boot.health;

import static org.assertj.core.api.Assertions.assertThat;

import ai.oceum.Oceum;
import ai.oceum.spring.boot.Starter;
import ai.oceum.spring.boot.health.boot3.OceumBoot3HealthAutoConfiguration;
import ai.oceum.spring.boot.health.boot4.OceumBoot4HealthAutoConfiguration;
import ai.oceum.testing.TestReceiver;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The starter's health contributor on this module's Boot line, with both lines' health
 * auto-configurations given (as the imports file lists them): only this line's applies, its
 * indicator is the one bean {@code oceumHealthIndicator}, shows UP once a delivery succeeded and
 * DEGRADED when Oceum refuses the key, and {@code management.health.oceum.enabled=false} turns it
 * off.
 *
 * <p>Boot 4 moved the health API ({@code org.springframework.boot.actuate.health} to
 * {@code org.springframework.boot.health.contributor}): the lines' indicators implement different
 * interfaces and return different {@code Health} and {@code Status} types, with the same
 * {@code getStatus().getCode()} and {@code getDetails()}. So each line's subclass names its indicator
 * class and reads those two; nothing here touches either line's API. ({@code Status} equality is by
 * code on both lines, so comparing codes asserts what comparing to {@code Status.UP} did.)
 *
 * @param <I> this line's indicator class
 */
public abstract class HealthIndicatorContract<I> {
    private final TestReceiver receiver = TestReceiver.start();
    private final Class<I> indicatorType;
    private final Function<I, String> statusCode;
    private final Function<I, Map<String, Object>> details;

    /**
     * @param indicatorType this line's indicator class
     * @param statusCode the code of the indicator's current status
     * @param details the details of the indicator's current health
     */
    protected HealthIndicatorContract(
            Class<I> indicatorType, Function<I, String> statusCode, Function<I, Map<String, Object>> details) {
        this.indicatorType = indicatorType;
        this.statusCode = statusCode;
        this.details = details;
    }

    @AfterEach
    void stop() {
        receiver.close();
        Oceum.setGlobal(null);
    }

    private ApplicationContextRunner runner() {
        // Both lines' configurations, as the imports file lists them: only this line's may apply.
        return Starter.runner(receiver, "health")
                .withConfiguration(AutoConfigurations.of(
                        OceumBoot3HealthAutoConfiguration.class, OceumBoot4HealthAutoConfiguration.class));
    }

    @Test
    void theLinesContributorIsRegistered_andShowsUpOnceDelivering() {
        runner().run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).hasSingleBean(indicatorType);
            assertThat(context.getBeanNamesForType(indicatorType)).containsExactly("oceumHealthIndicator");
            I indicator = context.getBean(indicatorType);
            Awaitility.await()
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> details.apply(indicator).containsKey("lastSuccess"));
            assertThat(statusCode.apply(indicator)).isEqualTo("UP");
        });
    }

    @Test
    void aRefusedKeyShowsDegraded() {
        receiver.respondWith(r -> TestReceiver.Reply.status(401));
        runner().run(context -> {
            I indicator = context.getBean(indicatorType);
            Awaitility.await()
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> statusCode.apply(indicator).equals("DEGRADED"));
        });
    }

    @Test
    void managementHealthOceumEnabledFalseTurnsItOff() {
        runner().withPropertyValues("management.health.oceum.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(indicatorType));
    }
}
