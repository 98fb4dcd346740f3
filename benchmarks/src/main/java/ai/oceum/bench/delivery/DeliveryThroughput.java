package ai.oceum.bench.delivery;

import ai.oceum.Oceum;
import ai.oceum.OceumBuilder;
import ai.oceum.OceumStats;
import ai.oceum.bench.support.BenchClients;
import ai.oceum.bench.support.LoopbackSink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Delivery throughput: how many events per second one client sustains to a receiver on loopback,
 * next to what the bare JDK {@link java.net.http.HttpClient} does against the same receiver with
 * the same requests and the same number in flight (the ceilings, see {@link Ceilings}: no queue,
 * no JSON, no bookkeeping). A sustained system run is measured end to end, so this is a main, not
 * JMH.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar ai.oceum.bench.delivery.DeliveryThroughput \
 *     [--events 20000] [--rounds 3] [--inflight 4]
 *     [--receivers sink,devserver-memory,devserver-file | --url http://127.0.0.1:PORT]
 * </pre>
 *
 * <p>Each round runs three variants against the receiver, one after the other, in an order that
 * rotates from round to round (so no variant always runs first on a receiver that is filling up):
 * <ul>
 *   <li><b>fair ceiling</b> ({@link Ceilings#threads}): exactly {@code inflight} requests
 *       outstanding, the blocking {@code send} on {@code inflight} threads;
 *   <li><b>old ceiling</b> ({@link Ceilings#async}): {@code sendAsync} and a semaphore, as in the
 *       tables before issue 17 (its answers each start a thread on a 2-CPU JDK 17);
 *   <li><b>SDK</b>: a fresh client with {@code maxInFlight(inflight)} (default
 *       {@link OceumBuilder#DEFAULT_MAX_IN_FLIGHT}): {@code taskComplete} N times, then
 *       {@code flush()}; events per second from the first call to the last answer.
 * </ul>
 * Before measuring, {@link RequestShape} checks that the ceilings send the SDK's headers and body
 * size.
 *
 * <p>{@code --receivers} names the receivers to measure one after the other, each started in this
 * process (see {@link Receiver}): the {@link LoopbackSink} (default), the dev server with
 * in-memory H2, the dev server with an H2 file. {@code --url} measures any other receiver that
 * answers {@code POST /api/webhook} with 2xx for the key {@code bench-key}. Each receiver's
 * ceilings are measured against that receiver.
 */
public final class DeliveryThroughput {
    private static final String[] VARIANTS = {"fair", "old", "sdk"};

    private DeliveryThroughput() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = options(args);
        int events = Integer.parseInt(opts.getOrDefault("events", "20000"));
        int rounds = Integer.parseInt(opts.getOrDefault("rounds", "3"));
        int inflight =
                Integer.parseInt(opts.getOrDefault("inflight", String.valueOf(OceumBuilder.DEFAULT_MAX_IN_FLIGHT)));
        List<String> receivers = opts.containsKey("url")
                ? List.of("url")
                : List.of(opts.getOrDefault("receivers", "sink").split(","));
        System.out.println(RequestShape.check());
        List<String> summary = new ArrayList<>();
        for (String name : receivers) {
            try (Receiver receiver = Receiver.start(name.strip(), opts.get("url"))) {
                double[] median = measure(receiver, events, rounds, inflight);
                summary.add(String.format(
                        Locale.ROOT,
                        "| %s | %,.0f | %,.0f | %,.0f | **%.0f %%** | %.0f %% |",
                        receiver.description(),
                        median[0],
                        median[1],
                        median[2],
                        100 * median[2] / median[0],
                        100 * median[2] / median[1]));
            }
        }
        System.out.println();
        System.out.printf(
                Locale.ROOT,
                "| receiver | fair ceiling: JDK client, %d threads × send (req/s) "
                        + "| old ceiling: JDK sendAsync + semaphore of %d (req/s) | Oceum client (events/s) "
                        + "| SDK / fair ceiling | SDK / old ceiling |%n",
                inflight,
                inflight);
        System.out.println("|---|---:|---:|---:|---:|---:|");
        summary.forEach(System.out::println);
    }

    /**
     * Runs {@code rounds + 1} rounds against one receiver; returns the medians {fair, old, sdk} of
     * all but the first, and the median of the per-round ratios is printed beside them.
     */
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
            double[] rate = new double[VARIANTS.length];
            StringBuilder order = new StringBuilder();
            for (int k = 0; k < VARIANTS.length; k++) {
                int v = (round + k) % VARIANTS.length;
                order.append(k == 0 ? "" : ",").append(VARIANTS[v]);
                rate[v] = run(VARIANTS[v], receiver, events, inflight);
            }
            System.out.printf(
                    Locale.ROOT,
                    "round %d (%s): fair ceiling %,.0f req/s, old ceiling %,.0f req/s, Oceum client %,.0f events/s,"
                            + " SDK/fair %.0f %%, SDK/old %.0f %%%n",
                    round + 1,
                    order,
                    rate[0],
                    rate[1],
                    rate[2],
                    100 * rate[2] / rate[0],
                    100 * rate[2] / rate[1]);
            if (round > 0) {
                results.add(new double[] {rate[0], rate[1], rate[2], rate[2] / rate[0], rate[2] / rate[1]});
            }
        }
        double[] median = new double[5];
        for (int c = 0; c < median.length; c++) {
            median[c] = median(results, c);
        }
        System.out.printf(
                Locale.ROOT,
                "median: fair ceiling %,.0f req/s, old ceiling %,.0f req/s, Oceum client %,.0f events/s;"
                        + " ratio of medians SDK/fair %.0f %%, SDK/old %.0f %%; median of per-round ratios"
                        + " SDK/fair %.0f %%, SDK/old %.0f %%%n",
                median[0],
                median[1],
                median[2],
                100 * median[2] / median[0],
                100 * median[2] / median[1],
                100 * median[3],
                100 * median[4]);
        return median;
    }

    private static double run(String variant, Receiver receiver, int events, int inflight) throws InterruptedException {
        return switch (variant) {
            case "fair" -> Ceilings.threads(receiver.url(), receiver.apiKey(), events, inflight);
            case "old" -> Ceilings.async(receiver.url(), receiver.apiKey(), events, inflight);
            case "sdk" -> sdk(receiver.url(), receiver.apiKey(), events, inflight);
            default -> throw new IllegalArgumentException(variant);
        };
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
