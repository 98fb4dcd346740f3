package ai.oceum.spring.boot.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.oceum.Oceum;
import ai.oceum.testing.TestClients;
import ai.oceum.testing.TestReceiver;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DeliveryHealthTest {
    private static final Duration GRACE = Duration.ofMinutes(2);

    private final TestReceiver receiver = TestReceiver.start();
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private Oceum client;

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        receiver.close();
    }

    private DeliveryHealth healthOf(Oceum oceum) {
        client = oceum;
        return new DeliveryHealth(oceum, GRACE, "DEGRADED", nanos::get, Clock.systemUTC());
    }

    @Test
    void upWhileDelivering_withTheCountersInTheDetails() {
        DeliveryHealth health = healthOf(TestClients.builder(receiver, "h-up").build());
        client.heartbeat().whenComplete(health::record).join();
        DeliveryHealth.Report report = health.check();
        assertThat(report.status()).isEqualTo("UP");
        assertThat(report.details())
                .containsEntry("sent", 1L)
                .containsEntry("queued", 0L)
                .containsKey("lastSuccess")
                .containsKey("dropped")
                .containsKey("spooled");
    }

    @Test
    void aRefusedKeyShowsAtOnce_withTheCause_andNeverTheKey() {
        receiver.respondWith(r -> TestReceiver.Reply.status(401));
        DeliveryHealth health = healthOf(TestClients.builder(receiver, "h-401").build());
        client.heartbeat().whenComplete(health::record).exceptionally(t -> null).join();
        DeliveryHealth.Report report = health.check();
        assertThat(report.status()).isEqualTo("DEGRADED");
        assertThat(report.details().get("reason").toString()).contains("refused the API key");
        assertThat(report.details().toString()).contains("lastFailure").doesNotContain(TestClients.API_KEY);
    }

    @Test
    void aRefusedKeySeenOnlyInTheStatsShowsToo() {
        receiver.respondWith(r -> TestReceiver.Reply.status(403));
        DeliveryHealth health = healthOf(TestClients.builder(receiver, "h-403").build());
        health.check();
        client.taskComplete("not ours to watch").exceptionally(t -> null).join();
        assertThat(health.check().status()).isEqualTo("DEGRADED");
    }

    @Test
    void anUnreachableReceiverIsUpWithinTheGracePeriod_andNotUpAfterIt() {
        DeliveryHealth health = healthOf(TestClients.builder(TestClients.closedPortUrl(), "h-down")
                .maxRetries(1)
                .closeTimeout(Duration.ofMillis(500))
                .build());
        // The client holds the heartbeat while the receiver is down (its future completes at close)
        // and probes: the failed requests show in the stats.
        client.heartbeat().whenComplete(health::record);
        await().atMost(Duration.ofSeconds(10)).until(() -> client.stats().retried() >= 3);
        DeliveryHealth.Report within = health.check();
        assertThat(within.status()).isEqualTo("UP");
        assertThat(within.details()).containsKey("failingSince").doesNotContainKey("lastFailure");
        nanos.addAndGet(GRACE.toNanos());
        DeliveryHealth.Report after = health.check();
        assertThat(after.status()).isEqualTo("DEGRADED");
        assertThat(after.details().get("reason").toString())
                .contains("no event delivered")
                .contains("the client's log names the cause");
    }

    @Test
    void deliveringAgainClearsTheFailure() {
        receiver.enqueue(TestReceiver.Reply.status(503), TestReceiver.Reply.status(503));
        DeliveryHealth health =
                healthOf(TestClients.builder(receiver, "h-back").maxRetries(1).build());
        client.heartbeat().whenComplete(health::record).exceptionally(t -> null).join();
        nanos.addAndGet(GRACE.toNanos());
        assertThat(health.check().status()).isEqualTo("DEGRADED");
        client.heartbeat().whenComplete(health::record).join();
        assertThat(health.check().status()).isEqualTo("UP");
        assertThat(health.check().details()).doesNotContainKey("failingSince");
    }

    @Test
    void aDisabledClientIsUnknown_andDOWNCanBeChosen() {
        assertThat(new DeliveryHealth(Oceum.disabled(), GRACE, "DEGRADED")
                        .check()
                        .status())
                .isEqualTo("UNKNOWN");
        receiver.respondWith(r -> TestReceiver.Reply.status(401));
        DeliveryHealth down = new DeliveryHealth(
                client = TestClients.builder(receiver, "h-down2").build(), GRACE, "down");
        client.heartbeat().whenComplete(down::record).exceptionally(t -> null).join();
        assertThat(down.check().status()).isEqualTo("DOWN");
    }
}
