package ai.oceum.internal.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.oceum.DropReason;
import ai.oceum.Oceum;
import ai.oceum.OceumException;
import ai.oceum.OceumStats;
import ai.oceum.WebhookResponse;
import ai.oceum.internal.HeldAnswers;
import ai.oceum.testing.LogCapture;
import ai.oceum.testing.TestClients;
import ai.oceum.testing.TestReceiver;
import ai.oceum.testing.TestReceiver.Recorded;
import ai.oceum.testing.TestReceiver.Reply;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The delivery rules: retries, Retry-After and the global pause, final answers, drops. */
class DispatcherTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private TestReceiver receiver;
    private final List<Oceum> clients = new ArrayList<>();

    @BeforeEach
    void start() {
        receiver = TestReceiver.start();
    }

    @AfterEach
    void stop() {
        clients.forEach(Oceum::close);
        receiver.close();
    }

    private Oceum client(ai.oceum.OceumBuilder builder) {
        Oceum c = builder.build();
        clients.add(c);
        return c;
    }

    private Oceum client() {
        return client(TestClients.builder(receiver, TestClients.agentId("dispatch")));
    }

    private static OceumException failure(CompletableFuture<WebhookResponse> f) {
        try {
            f.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(OceumException.class);
            return (OceumException) e.getCause();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("the future completed normally");
    }

    @Test
    void retriesServerErrorsWithTheSameIdempotencyKeyUntilAccepted() throws Exception {
        receiver.enqueue(Reply.status(500), Reply.status(503));
        Oceum oceum = client();

        WebhookResponse answer = oceum.heartbeat().get(10, TimeUnit.SECONDS);

        assertThat(answer.statusCode()).isEqualTo(200);
        List<Recorded> attempts = receiver.webhookRequests();
        assertThat(attempts).extracting(Recorded::status).containsExactly(500, 503, 200);
        assertThat(attempts)
                .extracting(Recorded::eventId)
                .containsOnly(attempts.get(0).eventId());
        assertThat(attempts)
                .extracting(r -> r.json().path("eventId").asText())
                .containsOnly(attempts.get(0).eventId());
        OceumStats stats = oceum.stats();
        assertThat(stats.sent()).isEqualTo(1);
        assertThat(stats.retried()).isEqualTo(2);
        assertThat(stats.failed()).isZero();
    }

    @Test
    void givesUpAfterMaxRetriesAndCountsTheEvent() {
        receiver.respondWith(r -> Reply.status(502));
        Oceum oceum = client(
                TestClients.builder(receiver, TestClients.agentId("dispatch")).maxRetries(3));

        OceumException e = failure(oceum.heartbeat());

        assertThat(e.reason()).isEqualTo(DropReason.RETRIES_EXHAUSTED);
        assertThat(e.statusCode()).isEqualTo(502);
        assertThat(receiver.webhookRequests()).hasSize(4);
        assertThat(oceum.stats().dropped(DropReason.RETRIES_EXHAUSTED)).isEqualTo(1);
        assertThat(oceum.stats().failed()).isEqualTo(1);
    }

    @Test
    void honoursRetryAfterInSecondsAndPausesTheWholeSender() throws Exception {
        Recorded limited =
                assertPausedBy(Reply.tooManyRequests("1"), limitedAt -> limitedAt.plus(Duration.ofMillis(900)));

        assertThat(receiver.requests(r -> r.number() > limited.number())).hasSize(2);
        assertThat(receiver.events("heartbeat")).extracting(Recorded::eventId).containsOnly(limited.eventId());
    }

    @Test
    void honoursRetryAfterAsAnHttpDate() throws Exception {
        ZonedDateTime retryAt = ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(2);
        String in2s = DateTimeFormatter.RFC_1123_DATE_TIME.format(retryAt);
        // An HTTP date means "not before then" (to the second it is written with), however late
        // the 429 itself arrived: a slow machine that starts the client late gets a shorter pause.
        Instant notBefore = retryAt.truncatedTo(ChronoUnit.SECONDS).toInstant();
        assertPausedBy(Reply.tooManyRequests(in2s), limitedAt -> notBefore.minus(Duration.ofMillis(100)));
    }

    /**
     * Answers the first request with {@code tooManyRequests}, sends a second event once the client
     * has read that answer, and checks that both (the retry and the new event) waited out the
     * pause: the whole sender stops, not only the limited event. Returns the limited request.
     */
    private Recorded assertPausedBy(Reply tooManyRequests, UnaryOperator<Instant> notBefore) throws Exception {
        receiver.enqueue(tooManyRequests);
        Oceum oceum = client();

        CompletableFuture<WebhookResponse> first = oceum.heartbeat();
        Recorded limited =
                receiver.awaitRequests(r -> r.status() == 429, 1, WAIT).get(0);
        await().atMost(WAIT).until(() -> oceum.stats().retried() == 1); // the client has read the 429
        CompletableFuture<WebhookResponse> second = oceum.setStatus("busy");

        assertThat(first.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        assertThat(second.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        Instant earliest = notBefore.apply(limited.receivedAt());
        for (Recorded r : receiver.requests(r -> r.number() > limited.number())) {
            assertThat(r.receivedAt()).isAfterOrEqualTo(earliest);
        }
        return limited;
    }

    @Test
    void aClientErrorIsFinal() {
        receiver.enqueue(Reply.json(400, "{\"error\":\"bad event\"}"));
        Oceum oceum = client();

        OceumException e = failure(oceum.heartbeat());

        assertThat(e.reason()).isEqualTo(DropReason.REJECTED);
        assertThat(e.statusCode()).isEqualTo(400);
        assertThat(e.body()).contains("bad event");
        assertThat(receiver.webhookRequests()).hasSize(1);
        assertThat(oceum.stats().failed()).isEqualTo(1);
        assertThat(oceum.stats().dropped(DropReason.REJECTED)).isEqualTo(1);
        assertThat(oceum.stats().retried()).isZero();
    }

    @Test
    void aRefusedConnectionIsRetriedThenHeldNotDroppedAndCountedAsShutdownAtClose() {
        Oceum oceum = client(TestClients.builder(TestClients.closedPortUrl(), TestClients.agentId("refused"))
                .maxRetries(2));

        CompletableFuture<WebhookResponse> held = oceum.heartbeat();

        // Two retries, then the third failure in a row is an outage: probes go on, the event stays.
        await().atMost(WAIT).until(() -> oceum.stats().retried() >= 5);
        OceumStats during = oceum.stats();
        assertThat(held)
                .as("held, not dropped: its retries count only against a reachable Oceum")
                .isNotDone();
        assertThat(during.droppedTotal()).isZero();
        assertThat(during.queued() + during.inFlight())
                .as("waiting, or out as the probe")
                .isEqualTo(1);

        assertThat(oceum.close(Duration.ofMillis(200))).isFalse();
        OceumException e = failure(held);
        assertThat(e.reason()).isEqualTo(DropReason.SHUTDOWN);
        assertThat(e.statusCode()).isZero();
        OceumStats stats = oceum.stats();
        assertThat(stats.dropped(DropReason.SHUTDOWN)).isEqualTo(1);
        assertThat(stats.sent()).isZero();
        assertThat(stats.accepted()).isEqualTo(stats.sent() + stats.droppedTotal() + stats.queued() + stats.spooled());
    }

    @Test
    void retriesAConnectionClosedWithoutAnswer() throws Exception {
        receiver.enqueue(Reply.disconnect());
        Oceum oceum = client();

        assertThat(oceum.heartbeat().get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);

        List<Recorded> attempts = receiver.webhookRequests();
        assertThat(attempts).extracting(Recorded::status).containsExactly(-1, 200);
        assertThat(attempts.get(1).eventId()).isEqualTo(attempts.get(0).eventId());
        assertThat(oceum.stats().retried()).isEqualTo(1);
    }

    @Test
    void retriesWhenTheServerIsSlowerThanTheRequestTimeout() throws Exception {
        receiver.enqueue(Reply.ok().after(Duration.ofMillis(1500)));
        Oceum oceum = client(
                TestClients.builder(receiver, TestClients.agentId("slow")).requestTimeout(Duration.ofMillis(300)));

        assertThat(oceum.heartbeat().get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);

        List<Recorded> attempts = receiver.awaitRequests(Recorded::isWebhook, 2, WAIT);
        assertThat(attempts)
                .extracting(Recorded::eventId)
                .containsOnly(attempts.get(0).eventId());
        assertThat(oceum.stats().retried()).isGreaterThanOrEqualTo(1);
        assertThat(oceum.stats().sent()).isEqualTo(1);
    }

    @Test
    void aRefusedKeyIsWarnedAboutOnceNamingTheAgentAndStopsHammering() {
        receiver.respondWith(r -> Reply.json(401, "{\"error\":\"invalid key\"}"));
        String agent = TestClients.agentId("unauthorized");
        try (LogCapture logs = LogCapture.start()) {
            Oceum oceum = client(TestClients.builder(receiver, agent).retryMaxDelay(Duration.ofSeconds(30)));
            List<CompletableFuture<WebhookResponse>> futures = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                futures.add(oceum.heartbeat());
            }
            for (CompletableFuture<WebhookResponse> f : futures) {
                assertThat(failure(f).reason()).isEqualTo(DropReason.UNAUTHORIZED);
            }

            List<String> authWarnings =
                    logs.warnings().stream().filter(l -> l.contains("API key")).toList();
            assertThat(authWarnings).hasSize(1);
            assertThat(authWarnings.get(0)).contains("'" + agent + "'").contains("401");
            assertThat(receiver.webhookRequests().size()).isLessThanOrEqualTo(1 + OceumDefaults.MAX_IN_FLIGHT);
            assertThat(oceum.stats().dropped(DropReason.UNAUTHORIZED)).isEqualTo(30);
            assertThat(logs.lines()).noneMatch(l -> l.contains(TestClients.API_KEY));
        }
    }

    @Test
    void afterARefusedKeyOneProbePerMaxDelayFindsOutThatTheKeyWorksAgain() throws Exception {
        receiver.enqueue(Reply.json(401, "{\"error\":\"invalid key\"}"));
        Oceum oceum = client(TestClients.builder(receiver, TestClients.agentId("probe"))
                .maxInFlight(1)
                // Long enough for the sender to take the second heartbeat while the refusal still
                // holds, on a loaded machine too (at 300 ms it was taken after the pause, as a probe).
                .retryMaxDelay(Duration.ofSeconds(2)));
        assertThat(failure(oceum.heartbeat()).reason()).isEqualTo(DropReason.UNAUTHORIZED);
        assertThat(failure(oceum.heartbeat()).reason())
                .as("failed locally, without a request")
                .isEqualTo(DropReason.UNAUTHORIZED);
        assertThat(receiver.webhookRequests()).hasSize(1);

        await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(() -> {
            CompletableFuture<WebhookResponse> f = oceum.heartbeat();
            return f.handle((r, e) -> r != null && r.statusCode() == 200).get(10, TimeUnit.SECONDS);
        });
        assertThat(oceum.heartbeat().get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        assertThat(receiver.webhookRequests())
                .extracting(Recorded::status)
                .startsWith(401)
                .endsWith(200, 200);
    }

    @Test
    void manyThreadsReportingAtOnceLoseNothing() throws Exception {
        Oceum oceum = client();
        int threads = 8;
        int each = 250;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            List<java.util.concurrent.Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < each; i++) {
                        oceum.setStatus("busy");
                    }
                }));
            }
            for (java.util.concurrent.Future<?> f : done) {
                f.get(10, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(oceum.flush(Duration.ofSeconds(30))).isTrue();
        assertThat(oceum.stats().sent()).isEqualTo((long) threads * each);
        assertThat(oceum.stats().accepted()).isEqualTo((long) threads * each);
        assertThat(receiver.deliveredEventIds()).hasSize(threads * each);
    }

    @Test
    void aFullQueueDropsAtOnceWithoutBlockingTheCallerAndWarnsOnce() throws Exception {
        try (HeldAnswers held = new HeldAnswers();
                LogCapture logs = LogCapture.start()) {
            receiver.respondWith(held);
            Oceum oceum = client(TestClients.builder(receiver, TestClients.agentId("full"))
                    .queueCapacity(2)
                    .maxInFlight(1)
                    .requestTimeout(Duration.ofSeconds(30)));
            CompletableFuture<WebhookResponse> inFlight = oceum.heartbeat();
            await().atMost(WAIT).until(() -> oceum.stats().inFlight() == 1);
            List<CompletableFuture<WebhookResponse>> queued = List.of(oceum.heartbeat(), oceum.heartbeat());

            List<CompletableFuture<WebhookResponse>> dropped = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                long t0 = System.nanoTime();
                CompletableFuture<WebhookResponse> f = oceum.heartbeat();
                long took = System.nanoTime() - t0;
                assertThat(f).isCompletedExceptionally();
                assertThat(Duration.ofNanos(took)).isLessThan(Duration.ofMillis(200));
                dropped.add(f);
            }
            assertThat(failure(dropped.get(0)).reason()).isEqualTo(DropReason.QUEUE_FULL);
            assertThat(oceum.stats().dropped(DropReason.QUEUE_FULL)).isEqualTo(50);
            assertThat(logs.warnings().stream().filter(l -> l.contains("queue full")))
                    .hasSize(1);

            held.release();
            assertThat(inFlight.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            for (CompletableFuture<WebhookResponse> f : queued) {
                assertThat(f.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            }
            assertThat(oceum.stats().sent()).isEqualTo(3);
            assertThat(oceum.stats().accepted()).isEqualTo(53);
        }
    }

    @Test
    void eventsWaitingForARetryAreBoundedByTheQueueCapacity() {
        Oceum oceum = client(TestClients.builder(TestClients.closedPortUrl(), TestClients.agentId("bounded"))
                .queueCapacity(3)
                .maxInFlight(1)
                .maxRetries(3)
                .retryInitialDelay(Duration.ofSeconds(30))
                .retryMaxDelay(Duration.ofSeconds(60)));
        for (int i = 1; i <= 3; i++) {
            oceum.heartbeat();
            int taken = i;
            await().atMost(WAIT).until(() -> oceum.stats().retried() == taken);
        }

        List<CompletableFuture<WebhookResponse>> more = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            more.add(oceum.heartbeat());
        }

        // Three wait for a retry: the sender takes no more, so the queue holds three and refuses the rest.
        await().during(Duration.ofMillis(300))
                .atMost(WAIT)
                .until(() -> oceum.stats().retried() == 3);
        OceumStats stats = oceum.stats();
        assertThat(stats.queued()).isEqualTo(6);
        assertThat(stats.dropped(DropReason.QUEUE_FULL)).isEqualTo(2);
        assertThat(more.stream().filter(CompletableFuture::isCompletedExceptionally))
                .hasSize(2);
    }

    /** Defaults used in assertions. */
    private static final class OceumDefaults {
        static final int MAX_IN_FLIGHT = ai.oceum.OceumBuilder.DEFAULT_MAX_IN_FLIGHT;
    }
}
