package ai.oceum.bench.core;

import ai.oceum.Oceum;
import ai.oceum.OceumBuilder;
import ai.oceum.Usage;
import ai.oceum.bench.support.LoopbackSink;
import ai.oceum.testing.TestClients;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A quick, documented measurement (not a test, not JMH): the cost of a telemetry call on the
 * caller's thread, and the events per second one client delivers to a minimal loopback sink.
 * Results and the command to run it are in {@code docs/benchmarks.md} ("Measurement mains").
 *
 * <pre>
 * mvn -B -q -Pbenchmarks -pl benchmarks -am package -DskipTests
 * java -cp benchmarks/target/benchmarks.jar ai.oceum.bench.core.QuickBench
 * </pre>
 */
public final class QuickBench {
    private static final String KEY = "oc_bench_key_0123456789";
    private static final Map<String, Object> SMALL_META =
            Map.of("ticket", 4812, "confidence", 0.93, "label", "billing");
    private static final Usage USAGE = Usage.builder()
            .model("gpt-4o-mini")
            .tokensInput(1200)
            .tokensOutput(450)
            .build();
    private static final int BATCH = 2_000;
    private static final int ROUNDS = 12;
    private static final int WARMUP_ROUNDS = 4;

    private QuickBench() {}

    public static void main(String[] args) throws Exception {
        // LoopbackSink turns Nagle's algorithm off: left on, each answer waits for the client's delayed
        // ACK (~40 ms), and the sink, not the client, would be what is measured (~90 events/s).
        try (LoopbackSink sink = LoopbackSink.start(4)) {
            System.out.printf(
                    "JDK %s, %d CPUs%n",
                    System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
            callerCost("taskComplete(name, smallMeta)", o -> o.taskComplete("classify-ticket", SMALL_META), sink);
            callerCost("reportUsage(usage)", o -> o.reportUsage(USAGE), sink);
            for (int inFlight : new int[] {1, 4, 16}) {
                throughput(sink, inFlight, 20_000);
            }
        }
    }

    private static OceumBuilder builder(String url) {
        return Oceum.builder()
                .readEnvironment(false)
                .apiKey(KEY)
                .agentId("bench")
                .baseUrl(url)
                .shutdownHook(false)
                .queueCapacity(2 * BATCH)
                .closeTimeout(Duration.ZERO);
    }

    private static void callerCost(String what, Consumer<Oceum> call, LoopbackSink sink) throws IOException {
        long[] healthy = new long[BATCH * (ROUNDS - WARMUP_ROUNDS)];
        try (Oceum oceum = builder(sink.baseUrl()).build()) {
            measure(oceum, call, healthy, () -> oceum.flush(Duration.ofSeconds(30)));
        }
        long[] down = new long[BATCH * (ROUNDS - WARMUP_ROUNDS)];
        String closed = TestClients.closedPortUrl();
        Oceum[] current = {builder(closed).build()};
        measure(null, o -> call.accept(current[0]), down, () -> {
            current[0].close(Duration.ZERO); // a fresh client per round: its queue is never full
            current[0] = builder(closed).build();
        });
        current[0].close(Duration.ZERO);
        long[] dropping = new long[BATCH * (ROUNDS - WARMUP_ROUNDS)];
        try (Oceum full = builder(closed).queueCapacity(1).build()) {
            measure(full, call, dropping, () -> {});
        }
        long[] spooled = new long[BATCH * (ROUNDS - WARMUP_ROUNDS)];
        Path dir = Files.createTempDirectory("oceum-bench-spool");
        try (Oceum withSpool = builder(sink.baseUrl()).spoolDir(dir).build()) {
            measure(withSpool, call, spooled, () -> withSpool.flush(Duration.ofSeconds(30)));
        }
        System.out.printf(
                "%-30s healthy: %s | down: %s | down, queue full (drop): %s | healthy + spool: %s%n",
                what, summary(healthy), summary(down), summary(dropping), summary(spooled));
    }

    private static void measure(Oceum oceum, Consumer<Oceum> call, long[] out, Runnable betweenRounds) {
        int k = 0;
        for (int round = 0; round < ROUNDS; round++) {
            for (int i = 0; i < BATCH; i++) {
                long t0 = System.nanoTime();
                call.accept(oceum);
                long t = System.nanoTime() - t0;
                if (round >= WARMUP_ROUNDS) {
                    out[k++] = t;
                }
            }
            betweenRounds.run();
        }
    }

    private static String summary(long[] nanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        return String.format("median %d ns, p99 %d ns", s[s.length / 2], s[(int) (s.length * 0.99)]);
    }

    private static void throughput(LoopbackSink sink, int maxInFlight, int events) {
        try (Oceum oceum = builder(sink.baseUrl())
                .queueCapacity(events)
                .maxInFlight(maxInFlight)
                .build()) {
            for (int i = 0; i < 2_000; i++) {
                oceum.heartbeat(); // warm up connections and JIT
            }
            oceum.flush(Duration.ofSeconds(30));
            long before = sink.requests();
            long t0 = System.nanoTime();
            for (int i = 0; i < events; i++) {
                oceum.taskComplete("classify-ticket", SMALL_META);
            }
            boolean done = oceum.flush(Duration.ofSeconds(120));
            double seconds = (System.nanoTime() - t0) / 1e9;
            long got = sink.requests() - before;
            System.out.printf(
                    "throughput maxInFlight=%-2d %d events in %.2f s = %.0f events/s (all delivered: %s, dropped %d)%n",
                    maxInFlight,
                    got,
                    seconds,
                    got / seconds,
                    done,
                    oceum.stats().droppedTotal());
        }
    }
}
