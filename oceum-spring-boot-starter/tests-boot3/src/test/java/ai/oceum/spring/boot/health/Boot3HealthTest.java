package ai.oceum.spring.boot.health;

import static org.assertj.core.api.Assertions.assertThat;

import ai.oceum.Oceum;
import ai.oceum.spring.boot.Starter;
import ai.oceum.spring.boot.health.boot3.OceumBoot3HealthAutoConfiguration;
import ai.oceum.spring.boot.health.boot3.OceumBoot3HealthIndicator;
import ai.oceum.spring.boot.health.boot4.OceumBoot4HealthAutoConfiguration;
import ai.oceum.testing.TestReceiver;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class Boot3HealthTest {
    private final TestReceiver receiver = TestReceiver.start();

    @AfterEach
    void stop() {
        receiver.close();
        Oceum.setGlobal(null);
    }

    private ApplicationContextRunner runner() {
        // Both lines' configurations, as the imports file lists them: only this line's may apply.
        return Starter.runner(receiver, "health3")
                .withConfiguration(AutoConfigurations.of(
                        OceumBoot3HealthAutoConfiguration.class, OceumBoot4HealthAutoConfiguration.class));
    }

    @Test
    void theBoot3ContributorIsRegistered_andShowsUpOnceDelivering() {
        runner().run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).hasSingleBean(OceumBoot3HealthIndicator.class);
            assertThat(context.getBeanNamesForType(OceumBoot3HealthIndicator.class))
                    .containsExactly("oceumHealthIndicator");
            OceumBoot3HealthIndicator indicator = context.getBean(OceumBoot3HealthIndicator.class);
            Awaitility.await()
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> indicator.health().getDetails().containsKey("lastSuccess"));
            assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
        });
    }

    @Test
    void aRefusedKeyShowsDegraded() {
        receiver.respondWith(r -> TestReceiver.Reply.status(401));
        runner().run(context -> {
            OceumBoot3HealthIndicator indicator = context.getBean(OceumBoot3HealthIndicator.class);
            Awaitility.await()
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> indicator.health().getStatus().getCode().equals("DEGRADED"));
        });
    }

    @Test
    void managementHealthOceumEnabledFalseTurnsItOff() {
        runner().withPropertyValues("management.health.oceum.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(OceumBoot3HealthIndicator.class));
    }
}
