package ai.oceum.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.oceum.DropReason;
import ai.oceum.ErrorReport;
import ai.oceum.Oceum;
import ai.oceum.OceumException;
import ai.oceum.OceumStats;
import ai.oceum.TaskScope;
import ai.oceum.WebhookResponse;
import ai.oceum.testing.LogCapture;
import ai.oceum.testing.TestClients;
import ai.oceum.testing.TestReceiver;
import ai.oceum.testing.TestReceiver.Recorded;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** An error whose report is built later: on the sender thread, with the time and task of the call. */
@Timeout(30)
class DeferredErrorTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private TestReceiver receiver;
    private Oceum oceum;

    @BeforeEach
    void start() {
        receiver = TestReceiver.start();
    }

    @AfterEach
    void stop() {
        if (oceum != null) {
            oceum.close();
        }
        receiver.close();
    }

    private Oceum client() {
        oceum = TestClients.builder(receiver, TestClients.agentId("deferred")).build();
        return oceum;
    }

    /** accepted = sent + dropped + queued + spooled, once nothing is on the wire. */
    private static void assertBalanced(OceumStats s) {
        assertThat(s.inFlight()).isZero();
        assertThat(s.accepted()).isEqualTo(s.sent() + s.droppedTotal() + s.queued() + s.spooled());
    }

    private static OceumException failure(CompletableFuture<WebhookResponse> f) throws Exception {
        try {
            f.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(OceumException.class);
            return (OceumException) e.getCause();
        }
        throw new AssertionError("the future completed normally");
    }

    @Test
    void theReportIsBuiltOnTheSenderThreadWithTheTimeAndTaskOfTheCall() throws Exception {
        Oceum client = client();
        CountDownLatch built = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<String> builtOn = new AtomicReference<>();
        long at = Instant.parse("2026-11-29T10:15:30.123Z").toEpochMilli();
        String taskId;

        // The sender is held inside a first supplier, so that the second is built only after the
        // task it was reported in has closed and another task is open on the calling thread.
        DeferredError.report(client, at, () -> {
            built.countDown();
            awaitQuietly(release);
            return ErrorReport.builder("first").build();
        });
        assertThat(built.await(10, TimeUnit.SECONDS)).isTrue();
        try (TaskScope task = client.startTask("ingest")) {
            taskId = task.id();
            DeferredError.report(client, at, () -> {
                builtOn.set(Thread.currentThread().getName());
                // Its own time and task are ignored: both were fixed at the call.
                return ErrorReport.builder("second")
                        .timestamp(Instant.EPOCH)
                        .taskFromContext(true)
                        .meta(Map.of("k", "v"))
                        .build();
            });
        }
        try (TaskScope other = client.startTask("other")) {
            release.countDown();
            assertThat(client.flush(WAIT)).isTrue();
            assertThat(other.isClosed()).isFalse();
        }

        JsonNode second = receiver.events("error").stream()
                .filter(r -> r.data().path("message").asText().equals("second"))
                .findFirst()
                .orElseThrow()
                .json();
        assertThat(second.path("timestamp").asText()).isEqualTo("2026-11-29T10:15:30.123Z");
        assertThat(second.path("data").path("taskId").asText()).isEqualTo(taskId);
        assertThat(second.path("data").path("taskName").asText()).isEqualTo("ingest");
        assertThat(second.path("data").path("meta").path("k").asText()).isEqualTo("v");
        assertThat(builtOn.get())
                .startsWith("oceum-")
                .isNotEqualTo(Thread.currentThread().getName());
        // Closing "other" queued its completion after the flush above: settle it before balancing.
        assertThat(client.flush(WAIT)).isTrue();
        assertBalanced(client.stats());
    }

    @Test
    void aSupplierThatThrowsIsCountedAsRejectedAndTheSenderGoesOn() throws Exception {
        Oceum client = client();
        try (LogCapture logs = LogCapture.start()) {
            CompletableFuture<WebhookResponse> broken = DeferredError.report(client, System.currentTimeMillis(), () -> {
                throw new IllegalStateException("mapper bug");
            });
            CompletableFuture<WebhookResponse> empty =
                    DeferredError.report(client, System.currentTimeMillis(), () -> null);
            CompletableFuture<WebhookResponse> after = client.error("after the broken ones");

            assertThat(failure(broken).reason()).isEqualTo(DropReason.REJECTED);
            assertThat(failure(empty).reason()).isEqualTo(DropReason.REJECTED);
            assertThat(after.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            assertThat(client.flush(WAIT)).isTrue();

            OceumStats s = client.stats();
            assertThat(s.accepted()).isEqualTo(3);
            assertThat(s.sent()).isEqualTo(1);
            assertThat(s.dropped(DropReason.REJECTED)).isEqualTo(2);
            assertBalanced(s);
            // Nothing half-built went out: only the good event reached the receiver.
            assertThat(receiver.webhookRequests())
                    .extracting(r -> r.data().path("message").asText())
                    .containsExactly("after the broken ones");
            assertThat(logs.warnings())
                    .anySatisfy(w -> assertThat(w).contains("could not build").contains("mapper bug"));
        }
    }

    @Test
    void withASpoolTheSupplierRunsOnTheCallingThreadAndAFailureIsCountedOnce(@TempDir Path spool) throws Exception {
        oceum = TestClients.builder(receiver, TestClients.agentId("deferred-spool"))
                .spoolDir(spool)
                .build();
        AtomicReference<String> builtOn = new AtomicReference<>();
        CompletableFuture<WebhookResponse> good = DeferredError.report(oceum, System.currentTimeMillis(), () -> {
            builtOn.set(Thread.currentThread().getName());
            return ErrorReport.builder("spooled").build();
        });
        assertThat(builtOn.get())
                .isEqualTo(Thread.currentThread().getName()); // written ahead, before the call returned
        CompletableFuture<WebhookResponse> broken = DeferredError.report(oceum, System.currentTimeMillis(), () -> {
            throw new IllegalArgumentException("bad");
        });

        assertThat(failure(broken).reason()).isEqualTo(DropReason.REJECTED);
        assertThat(good.get(10, TimeUnit.SECONDS)).isNotNull();
        assertThat(oceum.flush(WAIT)).isTrue();
        OceumStats s = oceum.stats();
        assertThat(s.accepted()).isEqualTo(2); // not 3: the failed write-ahead is counted once
        assertThat(s.dropped(DropReason.REJECTED)).isEqualTo(1);
        assertBalanced(s);
        List<Recorded> errors = receiver.awaitEvents("error", 1, WAIT);
        assertThat(errors).extracting(r -> r.data().path("message").asText()).containsExactly("spooled");
    }

    @Test
    void aDisabledOrMissingClientNeverCallsTheSupplier() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        WebhookResponse disabled = DeferredError.report(Oceum.disabled(), 0, () -> {
                    calls.incrementAndGet();
                    return ErrorReport.builder("x").build();
                })
                .get(1, TimeUnit.SECONDS);
        WebhookResponse none = DeferredError.report(null, 0, null, () -> {
                    calls.incrementAndGet();
                    return ErrorReport.builder("x").build();
                })
                .get(1, TimeUnit.SECONDS);

        assertThat(disabled.isDisabled()).isTrue();
        assertThat(none.isDisabled()).isTrue();
        assertThat(calls).hasValue(0);
    }

    @Test
    void concurrentReportsWhileTheClientClosesAllEndAndBalance() throws Exception {
        Oceum client = client();
        int threads = 4;
        int perThread = 500;
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<WebhookResponse>> futures = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<Thread> workers = new java.util.ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            Thread w = new Thread(() -> {
                awaitQuietly(go);
                for (int i = 0; i < perThread; i++) {
                    String m = "w" + id + "-" + i;
                    futures.add(DeferredError.report(
                            client,
                            System.currentTimeMillis(),
                            () -> ErrorReport.builder(m).build()));
                }
            });
            w.start();
            workers.add(w);
        }
        go.countDown();
        client.close(Duration.ofMillis(200));
        for (Thread w : workers) {
            w.join(10_000);
        }
        // Every future ends, whatever the race with close, and nothing is left unaccounted.
        await().atMost(WAIT).until(() -> futures.stream().allMatch(CompletableFuture::isDone));
        assertThat(futures).hasSize(threads * perThread);
        OceumStats s = client.stats();
        assertThat(s.accepted()).isEqualTo((long) threads * perThread);
        assertBalanced(s);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            if (!latch.await(20, TimeUnit.SECONDS)) {
                throw new IllegalStateException("latch not released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
