package ai.oceum.spring.boot.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import ai.oceum.Oceum;
import ai.oceum.spring.boot.Starter;
import ai.oceum.testing.TestClients;
import ai.oceum.testing.TestReceiver;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OceumMeterBinderTest {
    private final TestReceiver receiver = TestReceiver.start();

    @AfterEach
    void stop() {
        receiver.close();
        Oceum.setGlobal(null);
    }

    @Test
    void countersAndGaugesFollowTheClientsStats() {
        receiver.enqueue(TestReceiver.Reply.status(400));
        Starter.runner(receiver, "meters")
                .withPropertyValues("oceum.heartbeat.enabled=false")
                .run(context -> {
                    SimpleMeterRegistry registry = new SimpleMeterRegistry();
                    context.getBean(OceumMeterBinder.class).bindTo(registry);
                    Oceum oceum = context.getBean(Oceum.class);
                    oceum.taskComplete("rejected"); // answered 400: dropped as rejected
                    oceum.flush(Duration.ofSeconds(10));
                    oceum.taskComplete("a");
                    oceum.taskComplete("b");
                    oceum.flush(Duration.ofSeconds(10));
                    assertThat(registry.get("oceum.events.accepted")
                                    .tag("agent", "meters")
                                    .functionCounter()
                                    .count())
                            .isEqualTo(3);
                    assertThat(registry.get("oceum.events.sent")
                                    .functionCounter()
                                    .count())
                            .isEqualTo(2);
                    assertThat(registry.get("oceum.events.dropped")
                                    .tag("reason", "rejected")
                                    .functionCounter()
                                    .count())
                            .isEqualTo(1);
                    assertThat(registry.get("oceum.events.dropped")
                                    .tag("reason", "queue_full")
                                    .functionCounter()
                                    .count())
                            .isZero();
                    assertThat(registry.get("oceum.queue.size").gauge().value()).isZero();
                    assertThat(registry.get("oceum.spool.events").gauge().value())
                            .isZero();
                    assertThat(registry.getMeters())
                            .allSatisfy(m -> assertThat(m.getId().toString()).doesNotContain(TestClients.API_KEY));
                });
    }

    @Test
    void theSwitchTurnsThemOff() {
        Starter.runner(receiver, "nometers")
                .withPropertyValues("oceum.metrics.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(OceumMeterBinder.class));
    }
}
