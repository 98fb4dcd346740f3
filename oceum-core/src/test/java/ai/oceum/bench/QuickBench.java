package ai.oceum.bench;

import ai.oceum.Oceum;
import ai.oceum.OceumBuilder;
import ai.oceum.Usage;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * A quick, documented measurement (not a test, not JMH): the cost of a telemetry call on the
 * caller's thread, and the events per second one client delivers to a minimal loopback sink.
 * Results and the command to run it are in {@code docs/core-measurements.md}.
 *
 * <pre>
 * mvn -q -o -pl oceum-core test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp oceum-core/target/classes:oceum-core/target/test-classes:$(cat oceum-core/target/cp.txt) ai.oceum.bench.QuickBench
 * </pre>
 */
public final class QuickBench {
    private static final String KEY = "oc_bench_key_0123456789";
    private static final Map<String, Object> SMALL_META = Map.of("ticket", 4812, "confidence", 0.93, "label", "billing");
    private static final Usage USAGE = Usage.builder().model("gpt-4o-mini").tokensInput(1200).tokensOutput(450).build();
    private static final int BATCH = 2_000;
    private static final int ROUNDS = 12;
    private static final int WARMUP_ROUNDS = 4;

    private QuickBench() {
    }

    public static void main(String[] args) throws Exception {
        // The JDK server otherwise leaves Nagle on: each answer then waits for the client's delayed
        // ACK (~40 ms), and the sink, not the client, would be what is measured (~90 events/s).
        System.setProperty("sun.net.httpserver.nodelay", "true");
        try (Sink sink = Sink.start()) {
            System.out.printf("JDK %s, %d CPUs%n", System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
            callerCost("taskComplete(name, smallMeta)", o -> o.taskComplete("classify-ticket", SMALL_META), sink);
            callerCost("reportUsage(usage)", o -> o.reportUsage(USAGE), sink);
            for (int inFlight : new int[] {1, 4, 16}) {
                throughput(sink, inFlight, 20_000);
            }
        }
    }

    private static OceumBuilder builder(String url) {
        return Oceum.builder().readEnvironment(false).apiKey(KEY).agentId("bench").baseUrl(url).shutdownHook(false)
                .queueCapacity(2 * BATCH).closeTimeout(Duration.ZERO);
    }

    private static void callerCost(String what, Consumer<Oceum> call, Sink sink) throws IOException {
        long[] healthy = new long[BATCH * (ROUNDS - WARMUP_ROUNDS)];
        try (Oceum oceum = builder(sink.url()).build()) {
            measure(oceum, call, healthy, () -> oceum.flush(Duration.ofSeconds(30)));
        }
        long[] down = new long[BATCH * (ROUNDS - WARMUP_ROUNDS)];
        String closed = closedPortUrl();
        Oceum[] current = {builder(closed).build()};
        measure(null, o -> call.accept(current[0]), down, () -> {
            current[0].close(Duration.ZERO); // a fresh client per round: its queue is never full
            current[0] = builder(closed).build();
        });
        current[0].close(Duration.ZERO);
        long[] dropping = new long[BATCH * (ROUNDS - WARMUP_ROUNDS)];
        try (Oceum full = builder(closed).queueCapacity(1).build()) {
            measure(full, call, dropping, () -> { });
        }
        long[] spooled = new long[BATCH * (ROUNDS - WARMUP_ROUNDS)];
        Path dir = Files.createTempDirectory("oceum-bench-spool");
        try (Oceum withSpool = builder(sink.url()).spoolDir(dir).build()) {
            measure(withSpool, call, spooled, () -> withSpool.flush(Duration.ofSeconds(30)));
        }
        System.out.printf("%-30s healthy: %s | down: %s | down, queue full (drop): %s | healthy + spool: %s%n", what,
                summary(healthy), summary(down), summary(dropping), summary(spooled));
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

    private static void throughput(Sink sink, int maxInFlight, int events) {
        try (Oceum oceum = builder(sink.url()).queueCapacity(events).maxInFlight(maxInFlight).build()) {
            for (int i = 0; i < 2_000; i++) {
                oceum.heartbeat(); // warm up connections and JIT
            }
            oceum.flush(Duration.ofSeconds(30));
            long before = sink.received.sum();
            long t0 = System.nanoTime();
            for (int i = 0; i < events; i++) {
                oceum.taskComplete("classify-ticket", SMALL_META);
            }
            boolean done = oceum.flush(Duration.ofSeconds(120));
            double seconds = (System.nanoTime() - t0) / 1e9;
            long got = sink.received.sum() - before;
            System.out.printf("throughput maxInFlight=%-2d %d events in %.2f s = %.0f events/s (all delivered: %s, dropped %d)%n",
                    maxInFlight, got, seconds, got / seconds, done, oceum.stats().droppedTotal());
        }
    }

    private static String closedPortUrl() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return "http://127.0.0.1:" + s.getLocalPort();
        }
    }

    /** The smallest receiver: reads the body, answers {@code 200 {"ok":true}}, counts. */
    private static final class Sink implements AutoCloseable {
        private static final byte[] OK = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
        final LongAdder received = new LongAdder();
        private final HttpServer server;
        private final ExecutorService pool = Executors.newFixedThreadPool(4);

        private Sink() throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
            server.createContext("/", exchange -> {
                try (InputStream in = exchange.getRequestBody()) {
                    in.readAllBytes();
                }
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, OK.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(OK);
                }
                received.increment();
            });
            server.setExecutor(pool);
            server.start();
        }

        static Sink start() throws IOException {
            return new Sink();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        @Override
        public void close() {
            server.stop(0);
            pool.shutdownNow();
        }
    }
}
