package ai.oceum.internal.spool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.oceum.Oceum;
import ai.oceum.OceumStats;
import ai.oceum.testing.ChildJvm;
import ai.oceum.testing.TestClients;
import ai.oceum.testing.TestReceiver;
import ai.oceum.testing.TestReceiver.Recorded;
import ai.oceum.testing.TestReceiver.Reply;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several clients on one spool directory, in one JVM and in two: none takes a live client's events. */
class SpoolSharingTest {
    private static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    Path spool;
    /** What the first client talks to: down (503) until the end of a test. */
    private TestReceiver first;
    /** What every other client talks to: healthy. */
    private TestReceiver others;

    @BeforeEach
    void start() {
        first = TestReceiver.start();
        others = TestReceiver.start();
    }

    @AfterEach
    void stop() {
        first.close();
        others.close();
    }

    private static long delivered(TestReceiver r) {
        return r.requests(x -> x.isWebhook() && x.status() == 200).stream()
                .map(Recorded::eventId)
                .distinct()
                .count();
    }

    /**
     * The reproduction of the "Hardening" issue, item 1: client X keeps 20 events in the spool
     * while its receiver is down; Y opens the same directory in the same JVM; a process Z opens it
     * too. Z must adopt nothing (X is alive), and X still delivers its 20 once, when its receiver
     * is back. Before the fix Y's look at X's lock released it, Z took X's events, and they were
     * delivered twice.
     */
    @Test
    void aSecondClientInTheSameJvmLeavesTheFirstClientsLockInPlace() throws Exception {
        first.respondWith(r -> Reply.status(503));
        try (Oceum x = TestClients.builder(first, TestClients.agentId("spool-x"))
                .spoolDir(spool)
                .maxRetries(1)
                .retryMaxDelay(Duration.ofMillis(200))
                .build()) {
            for (int i = 0; i < 20; i++) {
                x.taskComplete("event", Map.of("seq", i));
            }
            first.awaitRequests(Recorded::isWebhook, 2, WAIT);
            try (Oceum y = TestClients.builder(others, TestClients.agentId("spool-y"))
                    .spoolDir(spool)
                    .build()) {
                assertThat(y.stats().replayed()).isZero();

                Process z = ChildJvm.start(SpoolAdoptChild.class, others.baseUrl(), spool.toString());
                String out;
                try {
                    assertThat(z.waitFor(30, TimeUnit.SECONDS)).isTrue();
                    out = new String(z.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                } finally {
                    z.destroyForcibly();
                }
                assertThat(out).as("child output").contains("replayed 0");
                assertThat(others.webhookRequests())
                        .as("X's events sent by another client")
                        .isEmpty();

                first.respondWith(r -> Reply.ok());
                assertThat(x.flush(WAIT)).isTrue();
                assertThat(y.flush(WAIT)).isTrue();
            }
            OceumStats s = x.stats();
            assertThat(s.sent()).isEqualTo(20);
            assertThat(s.spooled()).isZero();
        }
        assertThat(delivered(first)).isEqualTo(20);
        assertThat(first.requests(r -> r.isWebhook() && r.status() == 200))
                .as("each event delivered once")
                .hasSize(20);
        assertThat(others.webhookRequests()).isEmpty();
    }

    @Test
    void whatAClosedClientLeftIsSentByTheNextClientOfTheSameJvm() {
        first.respondWith(r -> Reply.status(503));
        Oceum x = TestClients.builder(first, TestClients.agentId("spool-left"))
                .spoolDir(spool)
                .maxRetries(0)
                .build();
        Oceum y = TestClients.builder(others, TestClients.agentId("spool-alive"))
                .spoolDir(spool)
                .build();
        for (int i = 0; i < 10; i++) {
            x.taskComplete("event", Map.of("seq", i));
        }
        x.close(Duration.ofMillis(200));
        assertThat(x.stats().spooled()).isEqualTo(10);
        y.close(Duration.ofSeconds(5)); // alive all along: it adopted nothing of X while X lived

        try (Oceum next = TestClients.builder(others, TestClients.agentId("spool-next"))
                .spoolDir(spool)
                .build()) {
            await().atMost(WAIT).until(() -> delivered(others) == 10);
            assertThat(next.flush(WAIT)).isTrue();
            assertThat(next.stats().replayed()).isEqualTo(10);
        }
        assertThat(others.requests(r -> r.isWebhook() && r.status() == 200)).hasSize(10);
    }
}
