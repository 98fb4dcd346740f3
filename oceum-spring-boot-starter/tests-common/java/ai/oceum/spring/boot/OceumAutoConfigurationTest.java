package ai.oceum.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import ai.oceum.Oceum;
import ai.oceum.OceumStats;
import ai.oceum.spring.boot.health.DeliveryHealth;
import ai.oceum.testing.LogCapture;
import ai.oceum.testing.OceumExtension;
import ai.oceum.testing.TestClients;
import ai.oceum.testing.TestReceiver;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

class OceumAutoConfigurationTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @RegisterExtension
    final OceumExtension kit = OceumExtension.create();

    private final TestReceiver receiver = kit.receiver();

    @AfterEach
    void stop() {
        Oceum.setGlobal(null);
    }

    @Test
    void theClientIsBuiltFromTheTwoPropertiesAndTheBaseUrl_andBecomesTheGlobalClient() {
        Starter.runner(receiver, "boot-props").run(context -> {
            Oceum oceum = context.getBean(Oceum.class);
            assertThat(oceum.isEnabled()).isTrue();
            assertThat(oceum.agentId()).isEqualTo("boot-props");
            assertThat(Oceum.global()).isSameAs(oceum);
            oceum.taskComplete("hello");
            TestReceiver.Recorded event =
                    receiver.awaitEvents("task_complete", 1, WAIT).get(0);
            assertThat(event.json().path("agentId").asText()).isEqualTo("boot-props");
            assertThat(event.header("Authorization")).isEqualTo("Bearer " + TestClients.API_KEY);
        });
    }

    @Test
    void environmentVariablesBindThroughRelaxedBinding() {
        Map<String, Object> env = Map.of(
                "OCEUM_API_KEY",
                TestClients.API_KEY,
                "OCEUM_AGENT_ID",
                "from-env",
                "OCEUM_BASE_URL",
                receiver.baseUrl(),
                "OCEUM_QUEUE_CAPACITY",
                "7",
                "OCEUM_HEARTBEAT_ENABLED",
                "false");
        Starter.runner()
                .withInitializer(ctx -> ctx.getEnvironment()
                        .getPropertySources()
                        .addFirst(new SystemEnvironmentPropertySource(
                                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, env)))
                .run(context -> {
                    OceumProperties p = context.getBean(OceumProperties.class);
                    assertThat(p.getQueueCapacity()).isEqualTo(7);
                    assertThat(p.getHeartbeat().isEnabled()).isFalse();
                    Oceum oceum = context.getBean(Oceum.class);
                    assertThat(oceum.agentId()).isEqualTo("from-env");
                    oceum.taskComplete("via-env");
                    receiver.awaitEvents("task_complete", 1, WAIT);
                });
    }

    @Test
    void withoutAnApiKeyTheClientIsDisabled_oneWarningSaysWhy_andTheApplicationStarts() {
        try (LogCapture logs = LogCapture.start()) {
            Starter.runner()
                    .withPropertyValues("oceum.agent-id=no-key", "oceum.base-url=" + receiver.baseUrl())
                    .run(context -> {
                        assertThat(context).hasNotFailed();
                        Oceum oceum = context.getBean(Oceum.class);
                        assertThat(oceum.isEnabled()).isFalse();
                        assertThat(oceum.taskComplete("x").join().isDisabled()).isTrue();
                        assertThat(context.getBean(DeliveryHealth.class).check().status())
                                .isEqualTo(DeliveryHealth.UNKNOWN);
                    });
            assertThat(logs.warnings())
                    .filteredOn(w -> w.contains("Oceum is disabled"))
                    .hasSize(1)
                    .allSatisfy(w -> assertThat(w).contains("oceum.api-key", "OCEUM_API_KEY"));
        }
        assertThat(receiver.requests()).isEmpty();
    }

    @Test
    void enabledFalseSwitchesEverythingOff() {
        Starter.runner(receiver, "off")
                .withPropertyValues("oceum.enabled=false")
                .run(context -> {
                    assertThat(context).doesNotHaveBean(Oceum.class);
                    assertThat(context).doesNotHaveBean(OceumLifecycle.class);
                    assertThat(context).doesNotHaveBean(DeliveryHealth.class);
                    assertThat(context.getBeanNamesForType(
                                    org.springframework.beans.factory.config.BeanPostProcessor.class))
                            .noneMatch(name -> name.startsWith("oceum"));
                });
    }

    @Test
    void theApplicationsOwnClientWins_andIsTheGlobalClient() {
        Starter.runner(receiver, "ignored")
                .withUserConfiguration(OwnClient.class)
                .run(context -> {
                    assertThat(context).hasSingleBean(Oceum.class);
                    Oceum oceum = context.getBean(Oceum.class);
                    assertThat(oceum.agentId()).isEqualTo("users-own");
                    assertThat(Oceum.global()).isSameAs(oceum);
                });
    }

    @Test
    void customizersAdjustTheBuilderAfterTheProperties() {
        Starter.runner(receiver, "from-properties")
                .withUserConfiguration(Customized.class)
                .run(context -> {
                    assertThat(context.getBean(Oceum.class).agentId()).isEqualTo("customized");
                });
    }

    @Test
    void aRefusedValueStopsStartup_withAnAnalysisNamingThePropertyAndTheFix() {
        Starter.runner(receiver, "bad")
                .withPropertyValues("oceum.queue-capacity=0")
                .run(context -> {
                    assertThat(context).hasFailed();
                    FailureAnalysis analysis = analyse(context.getStartupFailure());
                    assertThat(analysis.getDescription()).contains("oceum.queue-capacity", "between 1 and");
                    assertThat(analysis.getAction()).contains("oceum.queue-capacity", "OCEUM_QUEUE_CAPACITY");
                    assertThat(analysis.getDescription() + analysis.getAction()).doesNotContain(TestClients.API_KEY);
                });
    }

    @Test
    void aKeyWithoutAnAgentIdStopsStartup_namingOceumAgentId() {
        Starter.runner()
                .withPropertyValues("oceum.api-key=" + TestClients.API_KEY, "oceum.base-url=" + receiver.baseUrl())
                .run(context -> {
                    FailureAnalysis analysis = analyse(context.getStartupFailure());
                    assertThat(analysis.getDescription()).contains("oceum.agent-id");
                    assertThat(analysis.getAction()).contains("OCEUM_AGENT_ID");
                    assertThat(analysis.getDescription()).doesNotContain(TestClients.API_KEY);
                });
    }

    @Test
    void anInsecureBaseUrlIsRefusedWithItsPropertyName() {
        Starter.runner(receiver, "insecure")
                .withPropertyValues("oceum.base-url=http://example.com")
                .run(context -> {
                    FailureAnalysis analysis = analyse(context.getStartupFailure());
                    assertThat(analysis.getDescription()).contains("oceum.base-url", "unencrypted");
                });
    }

    @Test
    void aMalformedDurationIsReportedByBootsBinderWithThePropertyName() {
        Starter.runner(receiver, "malformed")
                .withPropertyValues("oceum.close-timeout=soon")
                .run(context -> {
                    assertThat(context).hasFailed();
                    StringBuilder chain = new StringBuilder();
                    for (Throwable t = context.getStartupFailure(); t != null; t = t.getCause()) {
                        chain.append(t.getMessage()).append('\n');
                    }
                    assertThat(chain).contains("oceum.close-timeout", "soon");
                });
    }

    @Test
    void bootDurationAndSizeFormatsAreAccepted() {
        Starter.runner(receiver, "formats")
                .withPropertyValues(
                        "oceum.close-timeout=1500ms",
                        "oceum.connect-timeout=3",
                        "oceum.spool-max-bytes=1MB",
                        "oceum.heartbeat.interval=2m")
                .run(context -> {
                    OceumProperties p = context.getBean(OceumProperties.class);
                    assertThat(p.getCloseTimeout()).isEqualTo(Duration.ofMillis(1500));
                    assertThat(p.getConnectTimeout()).isEqualTo(Duration.ofSeconds(3));
                    assertThat(p.getSpoolMaxBytes().toBytes()).isEqualTo(1024 * 1024);
                    assertThat(p.getHeartbeat().getInterval()).isEqualTo(Duration.ofMinutes(2));
                });
    }

    @Test
    void aHeartbeatIsSentWhenTheContextStarts() {
        Starter.runner(receiver, "beats").run(context -> {
            TestReceiver.Recorded beat =
                    receiver.awaitEvents("heartbeat", 1, WAIT).get(0);
            assertThat(beat.json().path("agentId").asText()).isEqualTo("beats");
            // The beat's answer reaches the health model (it records the last success from it).
            Awaitility.await()
                    .atMost(WAIT)
                    .until(() -> context.getBean(DeliveryHealth.class)
                            .check()
                            .details()
                            .containsKey("lastSuccess"));
        });
    }

    @Test
    void withTheHeartbeatOffNoHeartbeatThreadRuns() {
        Starter.runner(receiver, "quiet")
                .withPropertyValues("oceum.heartbeat.enabled=false")
                .run(context -> {
                    assertThat(context.getBean(OceumLifecycle.class).isRunning())
                            .isTrue();
                    assertThat(Thread.getAllStackTraces().keySet())
                            .noneMatch(t -> t.getName().equals("oceum-heartbeat-quiet"));
                });
        assertThat(receiver.events("heartbeat")).isEmpty();
    }

    @Test
    void theStatusFollowsReadiness_andSaysShuttingDownAtClose() {
        Starter.runner(receiver, "status")
                .withPropertyValues("oceum.heartbeat.enabled=false")
                .run(context -> {
                    AvailabilityChangeEvent.publish(context, ReadinessState.ACCEPTING_TRAFFIC);
                    assertThat(receiver.awaitEvents("status", 1, WAIT)
                                    .get(0)
                                    .data()
                                    .path("status")
                                    .asText())
                            .isEqualTo("idle");
                    AvailabilityChangeEvent.publish(context, ReadinessState.REFUSING_TRAFFIC);
                    assertThat(receiver.awaitEvents("status", 2, WAIT)
                                    .get(1)
                                    .data()
                                    .path("status")
                                    .asText())
                            .isEqualTo("refusing-traffic");
                });
        // Closing flushed: the last status is already there.
        assertThat(receiver.events("status"))
                .last()
                .satisfies(e -> assertThat(e.data().path("status").asText()).isEqualTo("shutting-down"));
    }

    @Test
    void closingTheContextDeliversEverythingThatWasAccepted() {
        Oceum[] client = new Oceum[1];
        Starter.runner(receiver, "closing")
                .withPropertyValues("oceum.heartbeat.enabled=false")
                .run(context -> {
                    Oceum oceum = context.getBean(Oceum.class);
                    client[0] = oceum;
                    for (int i = 0; i < 200; i++) {
                        oceum.taskComplete("t" + i);
                    }
                });
        OceumStats stats = client[0].stats();
        assertThat(client[0].isClosed()).isTrue();
        // 200 tasks and the status "shutting-down" sent at stop: all delivered before the close returned.
        assertThat(stats.sent()).isEqualTo(stats.accepted()).isEqualTo(201);
        assertThat(stats.droppedTotal()).isZero();
        assertThat(stats.queued()).isZero();
        assertThat(receiver.events("task_complete")).hasSize(200);
        assertThat(Oceum.global()).isNotSameAs(client[0]);
    }

    private static FailureAnalysis analyse(Throwable failure) {
        OceumPropertyException cause = findCause(failure);
        assertThat(cause).as("an OceumPropertyException in " + failure).isNotNull();
        return new OceumFailureAnalyzer().analyze(failure);
    }

    private static OceumPropertyException findCause(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof OceumPropertyException e) {
                return e;
            }
        }
        return null;
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnClient {
        @Bean
        Oceum myOceum() {
            return Oceum.builder()
                    .readEnvironment(false)
                    .apiKey(TestClients.API_KEY)
                    .agentId("users-own")
                    .baseUrl("http://127.0.0.1:9")
                    .shutdownHook(false)
                    .build();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Customized {
        @Bean
        OceumBuilderCustomizer renameAgent() {
            return builder -> builder.agentId("customized");
        }
    }
}
