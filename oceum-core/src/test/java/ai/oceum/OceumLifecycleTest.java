package ai.oceum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.oceum.internal.util.ReporterThreads;
import ai.oceum.testing.ChildJvm;
import ai.oceum.testing.TestClients;
import ai.oceum.testing.TestReceiver;
import ai.oceum.testing.TestReceiver.Reply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** flush, close and what is left after close. */
class OceumLifecycleTest {
    private TestReceiver receiver;

    @BeforeEach
    void start() {
        receiver = TestReceiver.start();
    }

    @AfterEach
    void stop() {
        receiver.close();
    }

    private static List<String> threadsOf(String agent) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(n -> n.startsWith(ReporterThreads.PREFIX) && n.contains("-" + agent + "-"))
                .toList();
    }

    @Test
    void closeDrainsTheQueue() {
        receiver.respondWith(r -> Reply.ok().after(Duration.ofMillis(2)));
        Oceum oceum =
                TestClients.builder(receiver, TestClients.agentId("drain")).build();
        List<CompletableFuture<WebhookResponse>> futures = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            futures.add(oceum.setStatus("s" + i));
        }

        assertThat(oceum.close(Duration.ofSeconds(20))).isTrue();

        assertThat(futures).allSatisfy(f -> assertThat(f.join().statusCode()).isEqualTo(200));
        assertThat(receiver.events("status")).hasSize(300);
        assertThat(oceum.stats().sent()).isEqualTo(300);
        assertThat(oceum.stats().droppedTotal()).isZero();
    }

    @Test
    void flushWaitsForEventsBeingRetried() {
        receiver.enqueue(Reply.status(500), Reply.status(500));
        try (Oceum oceum =
                TestClients.builder(receiver, TestClients.agentId("flush")).build()) {
            oceum.heartbeat();
            assertThat(oceum.flush(Duration.ofSeconds(10))).isTrue();
            assertThat(oceum.stats().sent()).isEqualTo(1);
            assertThat(oceum.stats().queued()).isZero();
        }
    }

    @Test
    void flushReturnsFalseWhenTheDeadlinePasses() {
        receiver.respondWith(r -> Reply.ok().after(Duration.ofMillis(800)));
        try (Oceum oceum =
                TestClients.builder(receiver, TestClients.agentId("deadline")).build()) {
            oceum.heartbeat();
            assertThat(oceum.flush(Duration.ofMillis(100))).isFalse();
        }
    }

    @Test
    void theShutdownHookDeliversWhatAnExitingProcessDidNotFlush() throws Exception {
        receiver.respondWith(r -> Reply.ok().after(Duration.ofMillis(5)));
        Process child = ChildJvm.start(ExitWithoutCloseChild.class, receiver.baseUrl(), "40");
        try {
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            String output = new String(child.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(output).contains("returning from main");
            assertThat(child.exitValue()).isZero();
        } finally {
            child.destroyForcibly();
        }
        assertThat(receiver.events("task_complete")).hasSize(40);
    }

    @Test
    void closeIsIdempotent() {
        Oceum oceum =
                TestClients.builder(receiver, TestClients.agentId("twice")).build();
        oceum.heartbeat();
        assertThat(oceum.close(Duration.ofSeconds(10))).isTrue();
        oceum.close();
        assertThat(oceum.close(Duration.ofSeconds(1))).isTrue();
        assertThat(oceum.isClosed()).isTrue();
        assertThat(receiver.events("heartbeat")).hasSize(1);
    }

    @Test
    void noReporterThreadIsLeftAfterClose() {
        String agent = TestClients.agentId("threads");
        Oceum oceum = TestClients.builder(receiver, agent).build();
        oceum.startHeartbeat(Duration.ofSeconds(1));
        for (int i = 0; i < 20; i++) {
            oceum.heartbeat();
        }
        assertThat(oceum.flush(Duration.ofSeconds(10))).isTrue();
        assertThat(threadsOf(agent)).isNotEmpty();

        oceum.close();

        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(threadsOf(agent)).isEmpty());
    }

    @Test
    void telemetryAfterCloseCompletesAtOnceAndIsCountedAsShutdown() throws Exception {
        Oceum oceum = TestClients.builder(receiver, TestClients.agentId("late")).build();
        oceum.close();

        CompletableFuture<WebhookResponse> late = oceum.heartbeat();

        assertThat(late).isCompletedExceptionally();
        try {
            late.get(1, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            assertThat(((OceumException) e.getCause()).reason()).isEqualTo(DropReason.SHUTDOWN);
        }
        assertThat(oceum.stats().dropped(DropReason.SHUTDOWN)).isEqualTo(1);
        oceum.startHeartbeat(Duration.ofSeconds(1));
        assertThat(receiver.requests()).isEmpty();
    }

    @Test
    void closeWithoutASpoolCountsWhatCouldNotBeSentAsShutdown() {
        receiver.respondWith(r -> Reply.status(503));
        Oceum oceum = TestClients.builder(receiver, TestClients.agentId("giveup"))
                .retryInitialDelay(Duration.ofSeconds(1))
                .build();
        List<CompletableFuture<WebhookResponse>> futures = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            futures.add(oceum.heartbeat());
        }

        assertThat(oceum.close(Duration.ofMillis(200))).isFalse();

        assertThat(futures).allSatisfy(f -> assertThat(f).isCompletedExceptionally());
        OceumStats stats = oceum.stats();
        assertThat(stats.dropped(DropReason.SHUTDOWN)).isEqualTo(5);
        assertThat(stats.sent() + stats.droppedTotal()).isEqualTo(stats.accepted());
    }
}
