package ai.oceum.bench.delivery;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The bare JDK {@link HttpClient} sending the SDK's requests (same headers, same body size; see
 * {@link RequestShape}) with a fixed number in flight: the ceilings {@link DeliveryThroughput}
 * compares the SDK with. No queue, no JSON writer, no bookkeeping.
 *
 * <ul>
 *   <li>{@link #threads}: {@code inflight} threads, each sending with the blocking {@code send} in
 *       a loop, so exactly {@code inflight} requests are outstanding until the last ones. This is
 *       the fair ceiling: the fastest way the bare client keeps N requests in flight on JDK 17.
 *   <li>{@link #async}: {@code sendAsync} and a semaphore of {@code inflight} permits, completions
 *       on the JDK's default executor: the ceiling of the earlier tables, kept so they stay
 *       comparable. On JDK 17, {@code sendAsync} completes every answer through
 *       {@code whenCompleteAsync(…, ASYNC_POOL)} (jdk.internal.net.http.HttpClientImpl), and with
 *       the common pool's parallelism at 1 (2 CPUs) that executor starts a new thread per answer.
 * </ul>
 *
 * <p>Each call uses a fresh client (as the SDK run uses a fresh {@code Oceum}); not thread-safe.
 */
final class Ceilings {
    /** The SDK's User-Agent, {@code oceum-java/<version>}, from the version resource the core reads it from. */
    private static final String USER_AGENT = userAgent();

    private Ceilings() {}

    /** Requests per second of {@code inflight} threads each sending with the blocking {@code send}. */
    static double threads(String url, String apiKey, int requests, int inflight) throws InterruptedException {
        HttpClient client =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        URI uri = URI.create(url + "/api/webhook");
        AtomicInteger next = new AtomicInteger();
        AtomicLong failed = new AtomicLong();
        AtomicReference<Throwable> firstError = new AtomicReference<>();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> senders = new ArrayList<>();
        for (int t = 0; t < inflight; t++) {
            Thread sender = new Thread(
                    () -> {
                        try {
                            go.await();
                            for (int seq = next.getAndIncrement(); seq < requests; seq = next.getAndIncrement()) {
                                HttpResponse<String> response =
                                        client.send(request(uri, apiKey, seq), HttpResponse.BodyHandlers.ofString());
                                if (response.statusCode() / 100 != 2) {
                                    failed.incrementAndGet();
                                }
                            }
                        } catch (IOException | InterruptedException | RuntimeException e) {
                            failed.incrementAndGet();
                            firstError.compareAndSet(null, e);
                        }
                    },
                    "ceiling-sender-" + t);
            sender.setDaemon(true);
            senders.add(sender);
            sender.start();
        }
        long start = System.nanoTime();
        go.countDown();
        for (Thread sender : senders) {
            sender.join(TimeUnit.MINUTES.toMillis(5));
        }
        long nanos = System.nanoTime() - start;
        if (failed.get() > 0 || senders.stream().anyMatch(Thread::isAlive)) {
            throw new IllegalStateException(
                    failed.get() + " requests failed or the run timed out; first error: " + firstError.get());
        }
        return requests / (nanos / 1e9);
    }

    /** Requests per second of {@code sendAsync} with a semaphore of {@code inflight} (the earlier ceiling). */
    static double async(String url, String apiKey, int requests, int inflight) throws InterruptedException {
        HttpClient client =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        URI uri = URI.create(url + "/api/webhook");
        Semaphore permits = new Semaphore(inflight);
        CountDownLatch done = new CountDownLatch(requests);
        AtomicLong failed = new AtomicLong();
        long start = System.nanoTime();
        for (int i = 0; i < requests; i++) {
            permits.acquire();
            client.sendAsync(request(uri, apiKey, i), HttpResponse.BodyHandlers.ofString())
                    .whenComplete((response, error) -> {
                        if (error != null || response.statusCode() / 100 != 2) {
                            failed.incrementAndGet();
                        }
                        permits.release();
                        done.countDown();
                    });
        }
        if (!done.await(5, TimeUnit.MINUTES) || failed.get() > 0) {
            throw new IllegalStateException(failed.get() + " requests failed or the run timed out");
        }
        return requests / ((System.nanoTime() - start) / 1e9);
    }

    /**
     * A request like the SDK's {@code taskComplete("bench-task", Map.of("seq", seq))}: the same
     * headers with values of the same length, and an envelope of the same shape and size (a fresh
     * UUID as event id and Idempotency-Key, a timestamp in milliseconds).
     */
    static HttpRequest request(URI uri, String apiKey, int seq) {
        String id = UUID.randomUUID().toString();
        String body = "{\"event\":\"task_complete\",\"agentId\":\"bench-agent\",\"eventId\":\"" + id
                + "\",\"timestamp\":\"" + Instant.ofEpochMilli(System.currentTimeMillis())
                + "\",\"data\":{\"taskName\":\"bench-task\",\"meta\":{\"seq\":" + seq + "}}}";
        return HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + apiKey)
                .header("Accept", "application/json")
                .header("User-Agent", USER_AGENT)
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", id)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
    }

    private static String userAgent() {
        try (var in = ai.oceum.Oceum.class.getResourceAsStream("/ai/oceum/oceum-version.properties")) {
            java.util.Properties p = new java.util.Properties();
            if (in != null) {
                p.load(in);
            }
            String v = p.getProperty("version", "unknown");
            return "oceum-java/" + (v.startsWith("${") ? "unknown" : v);
        } catch (IOException e) {
            return "oceum-java/unknown";
        }
    }
}
