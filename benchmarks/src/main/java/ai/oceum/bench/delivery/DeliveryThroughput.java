package ai.oceum.bench.delivery;

import ai.oceum.Oceum;
import ai.oceum.OceumStats;
import ai.oceum.bench.support.BenchClients;
import ai.oceum.bench.support.LoopbackSink;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Delivery throughput: how many events per second one client sustains to a receiver on loopback,
 * next to the request rate the same receiver takes from a tight loop of the JDK
 * {@link HttpClient} alone with the same concurrency (the ceiling: no queue, no JSON, no
 * bookkeeping). A sustained system run is measured end to end, so this is a main, not JMH.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar ai.oceum.bench.delivery.DeliveryThroughput \
 *     [--events 20000] [--rounds 3] [--inflight 4]
 *     [--receivers sink,devserver-memory,devserver-file | --url http://127.0.0.1:PORT]
 * </pre>
 *
 * <p>{@code --receivers} names the receivers to measure one after the other, each started in this
 * process (see {@link Receiver}): the {@link LoopbackSink} (default), the dev server with
 * in-memory H2, the dev server with an H2 file. {@code --url} measures any other receiver that
 * answers {@code POST /api/webhook} with 2xx for the key {@code bench-key}. Each receiver's ceiling
 * is measured against that receiver.
 */
public final class DeliveryThroughput {
    private DeliveryThroughput() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = options(args);
        int events = Integer.parseInt(opts.getOrDefault("events", "20000"));
        int rounds = Integer.parseInt(opts.getOrDefault("rounds", "3"));
        int inflight = Integer.parseInt(opts.getOrDefault("inflight", "4"));
        List<String> receivers = opts.containsKey("url")
                ? List.of("url")
                : List.of(opts.getOrDefault("receivers", "sink").split(","));
        List<String> summary = new ArrayList<>();
        for (String name : receivers) {
            try (Receiver receiver = Receiver.start(name.strip(), opts.get("url"))) {
                double[] median = measure(receiver, events, rounds, inflight);
                summary.add(String.format(
                        Locale.ROOT,
                        "| %s | %,.0f | %,.0f | %.0f %% |",
                        receiver.description(),
                        median[0],
                        median[1],
                        100 * median[1] / median[0]));
            }
        }
        System.out.println();
        System.out.println("| receiver | HttpClient alone (req/s) | Oceum client (events/s) | ratio |");
        System.out.println("|---|---:|---:|---:|");
        summary.forEach(System.out::println);
    }

    /** Runs {@code rounds + 1} rounds against one receiver; returns the medians {ceiling, sdk} of all but the first. */
    private static double[] measure(Receiver receiver, int events, int rounds, int inflight)
            throws InterruptedException {
        System.out.printf(
                Locale.ROOT,
                "receiver %s, %d events per run, %d in flight, %d rounds (round 1 is warm-up)%n",
                receiver.description(),
                events,
                inflight,
                rounds + 1);
        List<double[]> results = new ArrayList<>();
        for (int round = 0; round <= rounds; round++) {
            double ceiling = ceiling(receiver.url(), receiver.apiKey(), events, inflight);
            double sdk = sdk(receiver.url(), receiver.apiKey(), events, inflight);
            System.out.printf(
                    Locale.ROOT,
                    "round %d: HttpClient alone %,.0f req/s, Oceum client %,.0f events/s, ratio %.0f %%%n",
                    round + 1,
                    ceiling,
                    sdk,
                    100 * sdk / ceiling);
            if (round > 0) {
                results.add(new double[] {ceiling, sdk});
            }
        }
        double ceiling = median(results, 0);
        double sdk = median(results, 1);
        System.out.printf(
                Locale.ROOT,
                "median: HttpClient alone %,.0f req/s, Oceum client %,.0f events/s, ratio %.0f %%%n",
                ceiling,
                sdk,
                100 * sdk / ceiling);
        return new double[] {ceiling, sdk};
    }

    /** Events per second from the first call to the last answer, through a fresh client. */
    static double sdk(String url, String apiKey, int events, int inflight) {
        Oceum oceum = BenchClients.builder(url)
                .apiKey(apiKey)
                .queueCapacity(events)
                .maxInFlight(inflight)
                .build();
        try {
            long start = System.nanoTime();
            for (int i = 0; i < events; i++) {
                oceum.taskComplete("bench-task", Map.of("seq", i));
            }
            if (!oceum.flush(Duration.ofMinutes(5))) {
                throw new IllegalStateException("not delivered within 5 minutes: " + oceum.stats());
            }
            long nanos = System.nanoTime() - start;
            OceumStats stats = oceum.stats();
            if (stats.sent() != events) {
                throw new IllegalStateException("expected " + events + " events sent, stats: " + stats);
            }
            return events / (nanos / 1e9);
        } finally {
            oceum.close(Duration.ZERO);
        }
    }

    /** Requests per second of the JDK HttpClient alone: same body size, headers and concurrency. */
    static double ceiling(String url, String apiKey, int requests, int inflight) throws InterruptedException {
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

    /** A request like the SDK's: the same headers and an envelope of the same shape and size. */
    private static HttpRequest request(URI uri, String apiKey, int seq) {
        String id = UUID.randomUUID().toString();
        String body =
                "{\"event\":\"task_complete\",\"agentId\":\"bench-agent\",\"eventId\":\"" + id + "\",\"timestamp\":\""
                        + Instant.now() + "\",\"data\":{\"taskName\":\"bench-task\",\"meta\":{\"seq\":" + seq + "}}}";
        return HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + apiKey)
                .header("Accept", "application/json")
                .header("User-Agent", "oceum-java-bench")
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", id)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
    }

    private static double median(List<double[]> rows, int column) {
        double[] v = rows.stream().mapToDouble(r -> r[column]).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> opts = new java.util.HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 == args.length) {
                throw new IllegalArgumentException(
                        "usage: [--events N] [--rounds N] [--inflight N] [--receivers sink,devserver-memory,devserver-file | --url URL]");
            }
            opts.put(args[i].substring(2), args[++i]);
        }
        return opts;
    }
}
