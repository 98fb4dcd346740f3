package ai.oceum.internal.spool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.oceum.DropReason;
import ai.oceum.Oceum;
import ai.oceum.OceumException;
import ai.oceum.OceumStats;
import ai.oceum.WebhookResponse;
import ai.oceum.internal.HeldAnswers;
import ai.oceum.testing.ChildJvm;
import ai.oceum.testing.LogCapture;
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
        return TestClients.builder(receiver, agent)
                .spoolDir(spool)
                .maxRetries(1)
                .build();
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
            await().atMost(WAIT)
                    .until(() -> delivered().stream()
                                    .map(SpoolQueueTest::seq)
                                    .distinct()
                                    .count()
                            == 20);
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
        assertThat(attemptedBodies.keySet())
                .isNotEmpty()
                .isSubsetOf(delivered.stream().map(Recorded::eventId).collect(Collectors.toSet()));
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

    private static final String PADDING = "p".repeat(2_000);

    private static Map<String, Object> padded(int seq) {
        return Map.of("seq", seq, "padding", PADDING);
    }

    private static long distinctDelivered(List<Recorded> delivered) {
        return delivered.stream().map(SpoolQueueTest::seq).distinct().count();
    }

    @Test
    void aFullSpoolFallsBackToMemoryCountsItAndStillDeliversEverything() {
        receiver.respondWith(r -> Reply.status(503));
        try (LogCapture logs = LogCapture.start();
                Oceum oceum = TestClients.builder(receiver, TestClients.agentId("spool-full"))
                        .spoolDir(spool)
                        .spoolMaxBytes(64 * 1024)
                        .maxRetries(0)
                        .retryMaxDelay(Duration.ofMillis(200))
                        .build()) {
            List<CompletableFuture<WebhookResponse>> futures = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                futures.add(oceum.taskComplete("event", padded(i)));
            }

            OceumStats whileDown = oceum.stats();
            assertThat(whileDown.droppedTotal()).isZero();
            assertThat(futures).noneMatch(CompletableFuture::isCompletedExceptionally);
            assertThat(whileDown.notSpooled())
                    .as("events past the 64 KiB limit")
                    .isBetween(60L, 80L);
            assertThat(whileDown.spooled()).isEqualTo(100 - whileDown.notSpooled());
            assertThat(logs.warnings().stream().filter(l -> l.contains("is full")))
                    .hasSize(1)
                    .allSatisfy(l -> assertThat(l).contains("memory only").contains("notSpooled"));
            // Oceum down long enough that every event exhausted its retries at least once: still kept.
            receiver.awaitRequests(Recorded::isWebhook, 110, WAIT);
            assertThat(oceum.stats().droppedTotal()).isZero();

            receiver.respondWith(r -> Reply.ok());
            await().atMost(WAIT).until(() -> distinctDelivered(delivered()) == 100);
            assertThat(oceum.flush(WAIT)).isTrue();
            OceumStats after = oceum.stats();
            assertThat(after.sent() + after.droppedTotal() + after.spooled()).isEqualTo(after.accepted());
            assertThat(after.droppedTotal()).isZero();
            assertThat(after.notSpooled()).isEqualTo(whileDown.notSpooled());
            assertThat(futures).allSatisfy(f -> assertThat(f).isCompleted().isNotCompletedExceptionally());
        }
    }

    @Test
    void whenSpoolAndMemoryAreBothFullTheEventIsDroppedAsSpoolFull() throws Exception {
        // Declared last, closed first: held answers are released before the client closes.
        try (Oceum oceum = TestClients.builder(receiver, TestClients.agentId("spool-both-full"))
                        .spoolDir(spool)
                        .spoolMaxBytes(64 * 1024)
                        .queueCapacity(40)
                        .maxInFlight(1)
                        .requestTimeout(Duration.ofSeconds(30))
                        .build();
                HeldAnswers held = new HeldAnswers()) {
            receiver.respondWith(held);
            CompletableFuture<WebhookResponse> inFlight = oceum.taskComplete("event", padded(0));
            await().atMost(WAIT).until(() -> oceum.stats().inFlight() == 1);
            List<CompletableFuture<WebhookResponse>> futures = new ArrayList<>();
            for (int i = 1; i <= 100; i++) {
                futures.add(oceum.taskComplete("event", padded(i)));
            }

            OceumStats full = oceum.stats();
            // About 28 events fit the spool, 40 the memory queue (spooled or not): the rest had nowhere to go.
            assertThat(full.queued()).isEqualTo(40);
            assertThat(full.dropped(DropReason.SPOOL_FULL)).isEqualTo(60);
            assertThat(full.notSpooled()).isPositive().isEqualTo(41 - full.spooled());
            OceumException e =
                    (OceumException) futures.get(99).handle((r, t) -> t).join();
            assertThat(e.reason()).isEqualTo(DropReason.SPOOL_FULL);
            assertThat(e.getMessage()).contains("spool and memory queue full");
            assertThat(futures.stream().filter(CompletableFuture::isCompletedExceptionally))
                    .hasSize(60);

            held.release();
            assertThat(inFlight.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            assertThat(oceum.flush(WAIT)).isTrue();
            OceumStats after = oceum.stats();
            assertThat(after.sent()).isEqualTo(41);
            assertThat(after.sent() + after.droppedTotal()).isEqualTo(after.accepted());
            assertThat(distinctDelivered(delivered())).isEqualTo(41);
        }
    }

    @Test
    void aSpoolThatCannotBeWrittenFallsBackToMemoryAndSaysSo() throws Exception {
        // Answers are held, not failed: a failed answer makes the sender write its memory-only
        // event to the spool again (keepForLater), racing the caller for the broken segments.
        HeldAnswers held = new HeldAnswers();
        receiver.respondWith(held);
        try (held;
                LogCapture logs = LogCapture.start();
                Oceum oceum = TestClients.builder(receiver, TestClients.agentId("spool-io"))
                        .spoolDir(spool)
                        .maxRetries(0)
                        .retryMaxDelay(Duration.ofMillis(200))
                        .build()) {
            // The next segment files already exist as directories: opening them fails with a real IOException.
            String owner;
            try (Stream<Path> s = Files.list(spool)) {
                owner = s.map(p -> p.getFileName().toString())
                        .filter(n -> n.endsWith(".lock"))
                        .findFirst()
                        .orElseThrow()
                        .replace(".lock", "");
            }
            for (int n = 0; n < 5; n++) {
                Files.createDirectory(spool.resolve(String.format("%s.%06d.seg", owner, n)));
            }
            for (int i = 0; i < 8; i++) {
                oceum.taskComplete("event", Map.of("seq", i));
            }

            OceumStats down = oceum.stats();
            assertThat(down.notSpooled()).isEqualTo(5);
            assertThat(down.spooled()).isEqualTo(3);
            assertThat(down.droppedTotal()).isZero();
            assertThat(logs.warnings().stream().filter(l -> l.contains("cannot be written")))
                    .hasSize(1);

            held.release();
            await().atMost(WAIT).until(() -> distinctDelivered(delivered()) == 8);
            assertThat(oceum.flush(WAIT)).isTrue();
            assertThat(oceum.stats().droppedTotal()).isZero();
        }
    }

    /**
     * The first client talks to a receiver of its own that refuses the key for good, the second to
     * one that accepts it: a request of the first client still on the wire when it is closed (a
     * probe) is aborted, and may yet reach a receiver, so one receiver switched from 401 to 200
     * at close could record it as delivered and again from the second client (same key: at least
     * once, by the close contract). That made this test flaky (41 deliveries for 40 events).
     */
    @Test
    void aRefusedKeyKeepsEventsInTheSpoolUntilAClientWithAWorkingKeyDeliversThem() {
        String agent = TestClients.agentId("spool-401");
        List<CompletableFuture<WebhookResponse>> futures = new ArrayList<>();
        Oceum first;
        Map<String, String> refusedBodies = new HashMap<>();
        try (LogCapture logs = LogCapture.start();
                TestReceiver refusing = TestReceiver.start()) {
            refusing.respondWith(r -> Reply.json(401, "{\"error\":\"invalid key\"}"));
            first = TestClients.builder(refusing, agent)
                    .spoolDir(spool)
                    .queueCapacity(10)
                    .retryMaxDelay(Duration.ofMillis(200))
                    .build();
            for (int i = 0; i < 40; i++) {
                futures.add(first.taskComplete("event", Map.of("seq", i)));
            }
            // The first burst (maxInFlight requests) and then probes, 200 ms apart: the sender rests
            // between them instead of failing events.
            refusing.awaitRequests(Recorded::isWebhook, ai.oceum.OceumBuilder.DEFAULT_MAX_IN_FLIGHT + 2, WAIT);
            await().atMost(WAIT).until(() -> logs.warnings().stream().anyMatch(l -> l.contains("API key")));
            OceumStats refused = first.stats();
            assertThat(refused.droppedTotal()).isZero();
            assertThat(refused.spooled()).isEqualTo(40);
            assertThat(refused.queued()).as("memory stays within queueCapacity").isLessThanOrEqualTo(10);
            assertThat(futures).noneMatch(CompletableFuture::isCompletedExceptionally);
            List<String> authWarnings =
                    logs.warnings().stream().filter(l -> l.contains("API key")).toList();
            assertThat(authWarnings).hasSize(1);
            assertThat(authWarnings.get(0))
                    .contains("'" + agent + "'")
                    .contains("401")
                    .contains("kept in the spool")
                    .contains(refusing.baseUrl() + "/api/webhook");
            assertThat(logs.lines()).noneMatch(l -> l.contains(TestClients.API_KEY));
            first.close(Duration.ofMillis(100));
            refusing.webhookRequests().forEach(r -> refusedBodies.put(r.eventId(), r.body()));
        }
        assertThat(futures).allSatisfy(f -> assertThat(f.join().isSpooled()).isTrue());
        OceumStats left = first.stats();
        assertThat(left.droppedTotal()).isZero();
        assertThat(left.spooled()).isEqualTo(40);
        assertThat(left.inFlight()).isZero();

        try (Oceum second = client(TestClients.agentId("spool-401-fixed"))) {
            await().atMost(WAIT).until(() -> distinctDelivered(delivered()) == 40);
            assertThat(second.flush(WAIT)).isTrue();
            assertThat(second.stats().replayed()).isEqualTo(40);
            assertThat(second.stats().droppedTotal()).isZero();
        }
        List<Recorded> delivered = delivered();
        assertThat(delivered).hasSize(40);
        assertThat(delivered).extracting(Recorded::eventId).doesNotHaveDuplicates();
        assertThat(delivered)
                .allSatisfy(r -> assertThat(r.json().path("agentId").asText()).isEqualTo(agent));
        assertThat(refusedBodies).isNotEmpty();
        Map<String, String> deliveredBodies =
                delivered.stream().collect(Collectors.toMap(Recorded::eventId, Recorded::body));
        refusedBodies.forEach((id, body) -> assertThat(deliveredBodies)
                .as("same Idempotency-Key, same timestamp")
                .containsEntry(id, body));
    }

    /**
     * A record whose file was removed under the client (outside the SDK) cannot be sent: it is
     * dropped, counted as SPOOL_UNREADABLE and warned about, and no longer waits: flush() returns.
     * Before the fix it stayed unanswered in the spool's count for good, and flush never returned
     * true (what client X showed in the "Hardening" issue, item 1).
     */
    @Test
    void aRecordThatCannotBeReadBackIsCountedAndDoesNotBlockFlush() throws Exception {
        try (HeldAnswers held = new HeldAnswers();
                LogCapture logs = LogCapture.start();
                Oceum oceum = TestClients.builder(receiver, TestClients.agentId("spool-lost"))
                        .spoolDir(spool)
                        .queueCapacity(2)
                        .maxInFlight(1)
                        .requestTimeout(Duration.ofSeconds(30))
                        .build()) {
            receiver.respondWith(held);
            oceum.taskComplete("event", Map.of("seq", 0));
            await().atMost(WAIT).until(() -> oceum.stats().inFlight() == 1);
            List<CompletableFuture<WebhookResponse>> overflow = new ArrayList<>();
            for (int i = 1; i <= 5; i++) {
                overflow.add(oceum.taskComplete("event", Map.of("seq", i))); // 1, 2 in memory; 3..5 on disk only
            }
            assertThat(overflow.subList(2, 5))
                    .allSatisfy(f -> assertThat(f.join().isSpooled()).isTrue());
            for (Path seg : segments()) {
                Files.delete(seg); // the records of 3..5 can no longer be read back
            }

            held.release();
            assertThat(oceum.flush(WAIT))
                    .as("flush returns although 3 records are gone")
                    .isTrue();
            OceumStats s = oceum.stats();
            assertThat(s.sent()).isEqualTo(3);
            assertThat(s.dropped(DropReason.SPOOL_UNREADABLE)).isEqualTo(3);
            assertThat(s.spooled()).isZero();
            assertThat(logs.warnings().stream().filter(l -> l.contains("could not read an event back")))
                    .hasSize(1);
        }
        assertThat(delivered()).extracting(SpoolQueueTest::seq).containsExactlyInAnyOrder(0, 1, 2);
    }

    @Test
    void aKeyThatWorksAgainDeliversTheKeptEventsWithoutARestart() throws Exception {
        receiver.respondWith(r -> r.number() <= 2 ? Reply.status(403) : Reply.ok());
        try (Oceum oceum = TestClients.builder(receiver, TestClients.agentId("spool-403"))
                .spoolDir(spool)
                .retryMaxDelay(Duration.ofMillis(100))
                .build()) {
            for (int i = 0; i < 20; i++) {
                oceum.taskComplete("event", Map.of("seq", i));
            }
            assertThat(oceum.flush(WAIT)).isTrue();
            assertThat(oceum.stats().sent()).isEqualTo(20);
            assertThat(oceum.stats().droppedTotal()).isZero();
        }
        assertThat(distinctDelivered(delivered())).isEqualTo(20);
        assertThat(segments()).isEmpty();
    }

    @Test
    void aTornLastRecordLosesOnlyThatRecord() throws Exception {
        Oceum first = TestClients.builder(TestClients.closedPortUrl(), TestClients.agentId("spool-torn"))
                .spoolDir(spool)
                .maxRetries(0)
                .build();
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
        Process child =
                ChildJvm.start(SpoolCrashChild.class, receiver.baseUrl(), spool.toString(), Integer.toString(count));
        Set<Integer> accepted = new HashSet<>();
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
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
            await().atMost(WAIT)
                    .until(() -> delivered().stream()
                                    .map(SpoolQueueTest::seq)
                                    .distinct()
                                    .count()
                            == count);
            assertThat(next.flush(WAIT)).isTrue();
        }
        Map<Integer, List<Recorded>> bySeq = delivered().stream().collect(Collectors.groupingBy(SpoolQueueTest::seq));
        assertThat(bySeq.keySet()).containsExactlyInAnyOrderElementsOf(accepted);
        for (List<Recorded> copies : bySeq.values()) {
            assertThat(copies)
                    .extracting(Recorded::body)
                    .containsOnly(copies.get(0).body());
        }
        long duplicates = (long) delivered().size() - count;
        assertThat(duplicates)
                .as("resent events whose answer the killed process never recorded")
                .isLessThanOrEqualTo(4);
        assertThat(segments()).isEmpty();
    }
}
