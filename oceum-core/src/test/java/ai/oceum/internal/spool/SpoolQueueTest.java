package ai.oceum.internal.spool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.oceum.DropReason;
import ai.oceum.Oceum;
import ai.oceum.OceumException;
import ai.oceum.OceumStats;
import ai.oceum.WebhookResponse;
import ai.oceum.testing.ChildJvm;
import ai.oceum.testing.TestClients;
import ai.oceum.testing.TestReceiver;
import ai.oceum.testing.TestReceiver.Recorded;
import ai.oceum.testing.TestReceiver.Reply;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A client with a spool directory: nothing lost when Oceum is down or the process dies. */
class SpoolQueueTest {
    private static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    Path spool;
    private TestReceiver receiver;

    @BeforeEach
    void start() {
        receiver = TestReceiver.start();
    }

    @AfterEach
    void stop() {
        receiver.close();
    }

    private Oceum client(String agent) {
        return TestClients.builder(receiver, agent).spoolDir(spool).maxRetries(1).build();
    }

    private static int seq(Recorded r) {
        return r.data().path("meta").path("seq").asInt(-1);
    }

    private List<Recorded> delivered() {
        return receiver.requests(r -> r.isWebhook() && r.status() == 200);
    }

    private List<Path> segments() throws IOException {
        try (Stream<Path> s = Files.list(spool)) {
            return s.filter(p -> p.toString().endsWith(".seg")).sorted().toList();
        }
    }

    @Test
    void eventsKeptWhileOceumIsDownAreSentByTheNextClientWithTheirOriginalIdAndTime() {
        receiver.respondWith(r -> Reply.status(503));
        Oceum first = client(TestClients.agentId("spool-a"));
        List<CompletableFuture<WebhookResponse>> futures = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            futures.add(first.taskComplete("event", Map.of("seq", i)));
        }
        receiver.awaitRequests(Recorded::isWebhook, 2, WAIT);
        first.close(Duration.ofMillis(300));
        assertThat(futures).allSatisfy(f -> assertThat(f.join().isSpooled()).isTrue());
        OceumStats left = first.stats();
        assertThat(left.droppedTotal()).isZero();
        assertThat(left.spooled()).isEqualTo(20);
        assertThat(left.sent() + left.droppedTotal() + left.spooled()).isEqualTo(left.accepted());
        Map<String, String> attemptedBodies = new HashMap<>();
        receiver.webhookRequests().forEach(r -> attemptedBodies.put(r.eventId(), r.body()));

        receiver.respondWith(r -> Reply.ok());
        try (Oceum second = client(TestClients.agentId("spool-b"))) {
            await().atMost(WAIT).until(() -> delivered().stream().map(SpoolQueueTest::seq).distinct().count() == 20);
            assertThat(second.flush(WAIT)).isTrue();
            assertThat(second.stats().replayed()).isEqualTo(20);
        }
        List<Recorded> delivered = delivered();
        assertThat(delivered).hasSize(20);
        assertThat(delivered).extracting(Recorded::eventId).doesNotHaveDuplicates();
        for (Recorded r : delivered) {
            assertThat(r.eventId()).isEqualTo(r.json().path("eventId").asText());
            assertThat(r.json().path("agentId").asText()).startsWith("spool-a");
            String attempted = attemptedBodies.get(r.eventId());
            if (attempted != null) {
                assertThat(r.body()).isEqualTo(attempted); // same id, same timestamp, same bytes
            }
        }
        assertThat(attemptedBodies.keySet()).isNotEmpty().isSubsetOf(
                delivered.stream().map(Recorded::eventId).collect(Collectors.toSet()));
    }

    @Test
    void nothingIsResentAfterANormalDeliverCloseAndReopen() throws Exception {
        try (Oceum first = client(TestClients.agentId("spool-normal"))) {
            for (int i = 0; i < 30; i++) {
                first.taskComplete("event", Map.of("seq", i));
            }
            assertThat(first.flush(WAIT)).isTrue();
        }
        assertThat(delivered()).hasSize(30);
        assertThat(segments()).isEmpty();

        try (Oceum second = client(TestClients.agentId("spool-normal"))) {
            second.heartbeat();
            assertThat(second.flush(WAIT)).isTrue();
            assertThat(second.stats().replayed()).isZero();
        }
        assertThat(delivered()).hasSize(31);
        assertThat(receiver.events("task_complete")).hasSize(30);
    }

    @Test
    void theSpoolIsBoundedInBytesAndCountsWhatDidNotFit() {
        Oceum oceum = TestClients.builder(TestClients.closedPortUrl(), TestClients.agentId("spool-full"))
                .spoolDir(spool).spoolMaxBytes(64 * 1024).maxRetries(0).build();
        List<CompletableFuture<WebhookResponse>> futures = new ArrayList<>();
        String padding = "p".repeat(2_000);
        for (int i = 0; i < 100; i++) {
            futures.add(oceum.taskComplete("event", Map.of("seq", i, "padding", padding)));
        }
        OceumStats stats = oceum.stats();
        long full = stats.dropped(DropReason.SPOOL_FULL);
        assertThat(full).isBetween(60L, 80L);
        assertThat(futures.stream().filter(CompletableFuture::isCompletedExceptionally)).hasSize((int) full);
        OceumException e = (OceumException) futures.get(99).handle((r, t) -> t).join();
        assertThat(e.reason()).isEqualTo(DropReason.SPOOL_FULL);
        oceum.close(Duration.ofMillis(100));
        assertThat(oceum.stats().spooled()).isEqualTo(100 - full);
    }

    @Test
    void aTornLastRecordLosesOnlyThatRecord() throws Exception {
        Oceum first = TestClients.builder(TestClients.closedPortUrl(), TestClients.agentId("spool-torn"))
                .spoolDir(spool).maxRetries(0).build();
        for (int i = 0; i < 10; i++) {
            first.taskComplete("event", Map.of("seq", i));
        }
        first.close(Duration.ofMillis(100));
        Path last = segments().get(segments().size() - 1);
        try (RandomAccessFile f = new RandomAccessFile(last.toFile(), "rw")) {
            f.setLength(f.length() - 7);
        }

        try (Oceum second = client(TestClients.agentId("spool-torn"))) {
            await().atMost(WAIT).until(() -> delivered().size() >= 9);
            assertThat(second.flush(WAIT)).isTrue();
        }
        assertThat(delivered()).extracting(SpoolQueueTest::seq).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6, 7, 8);
    }

    @Test
    void aClientKilledMidStreamLosesNothing() throws Exception {
        int count = 150;
        AtomicInteger served = new AtomicInteger();
        receiver.respondWith(r -> {
            served.incrementAndGet();
            return Reply.ok().after(Duration.ofMillis(25));
        });
        Process child = ChildJvm.start(SpoolCrashChild.class, receiver.baseUrl(), spool.toString(), Integer.toString(count));
        Set<Integer> accepted = new HashSet<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null && !line.equals("all accepted")) {
                if (line.startsWith("accepted ")) {
                    accepted.add(Integer.parseInt(line.substring(9)));
                }
            }
            assertThat(line).as("child output ended early").isEqualTo("all accepted");
            await().atMost(WAIT).until(() -> served.get() >= 10);
            child.destroyForcibly();
            assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
        } finally {
            child.destroyForcibly();
        }
        assertThat(accepted).hasSize(count);
        int beforeRestart = delivered().size();
        assertThat(beforeRestart).isLessThan(count);

        receiver.respondWith(r -> Reply.ok());
        try (Oceum next = client(TestClients.agentId("spool-next"))) {
            await().atMost(WAIT).until(() -> delivered().stream().map(SpoolQueueTest::seq).distinct().count() == count);
            assertThat(next.flush(WAIT)).isTrue();
        }
        Map<Integer, List<Recorded>> bySeq = delivered().stream().collect(Collectors.groupingBy(SpoolQueueTest::seq));
        assertThat(bySeq.keySet()).containsExactlyInAnyOrderElementsOf(accepted);
        for (List<Recorded> copies : bySeq.values()) {
            assertThat(copies).extracting(Recorded::body).containsOnly(copies.get(0).body());
        }
        long duplicates = delivered().size() - count;
        assertThat(duplicates).as("resent events whose answer the killed process never recorded").isLessThanOrEqualTo(4);
        assertThat(segments()).isEmpty();
    }
}
