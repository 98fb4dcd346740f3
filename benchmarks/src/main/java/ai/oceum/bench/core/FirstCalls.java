package ai.oceum.bench.core;

import ai.oceum.Oceum;
import ai.oceum.bench.support.BenchClients;
import ai.oceum.bench.support.LoopbackSink;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ClassLoadingMXBean;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The first telemetry calls of a fresh JVM, the way an agent's first task meets them: a client is
 * built, then {@code taskStart}/{@code taskComplete} are called alternately and each call is timed
 * on its own. Each run is a new JVM (a child process of this main), so class loading, the
 * interpreter and the JIT's first compilations are all in the window, as they are for a user.
 *
 * <p>For each run it prints: the first call, the median/p90/max of the first {@code calls} calls,
 * how many classes the JVM loaded and how long the JIT compiled during that window, and, for
 * comparison, the median of the same number of calls after 20,000 warm-up calls in the same JVM.
 * The "spool" variant gives the client a spool directory (its write-ahead runs on the caller's
 * thread). Given a second benchmarks jar (an older build), each run is made with it too, the two
 * alternating: that jar goes first on the child's class path, so its SDK is the one measured.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar ai.oceum.bench.core.FirstCalls [runs] [calls] [older-benchmarks.jar]
 * </pre>
 */
public final class FirstCalls {
    private static final Map<String, Object> SMALL_META =
            Map.of("ticket", 4812, "confidence", 0.93, "label", "billing");
    private static final int WARM_CALLS = 20_000;

    private FirstCalls() {}

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--child")) {
            child(Integer.parseInt(args[1]), args.length > 2 && args[2].equals("--spool"));
            return;
        }
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int calls = args.length > 1 ? Integer.parseInt(args[1]) : 600;
        String older = args.length > 2 ? args[2] : null;
        System.out.printf(
                "JDK %s, %d CPUs; %d fresh JVMs per variant, first %d calls (taskStart/taskComplete alternately)%n",
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(), runs, calls);
        System.out.println("variant  sdk     run  build ms  first µs  median µs  p90 µs  max µs  classes  jit ms"
                + "  | warm median µs");
        for (String variant : new String[] {"memory", "spool"}) {
            for (int k = 0; k < runs * (older == null ? 1 : 2); k++) {
                int run = older == null ? k + 1 : k / 2 + 1;
                boolean useOlder = older != null && k % 2 == 0;
                String sdk = older == null ? "this" : useOlder ? "older" : "this";
                String classPath = System.getProperty("java.class.path");
                List<String> cmd = new ArrayList<>(List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        useOlder ? older + java.io.File.pathSeparator + classPath : classPath,
                        FirstCalls.class.getName(),
                        "--child",
                        Integer.toString(calls)));
                if (variant.equals("spool")) {
                    cmd.add("--spool");
                }
                Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
                String line;
                String result = null;
                try (BufferedReader r =
                        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                    while ((line = r.readLine()) != null) {
                        if (line.startsWith("RESULT ")) {
                            result = line.substring(7);
                        }
                    }
                }
                p.waitFor();
                System.out.printf("%-7s  %-6s  %3d  %s%n", variant, sdk, run, result == null ? "(no result)" : result);
            }
        }
    }

    private static void child(int calls, boolean spool) throws Exception {
        ClassLoadingMXBean classes = ManagementFactory.getClassLoadingMXBean();
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        try (LoopbackSink sink = LoopbackSink.start(2)) {
            Path dir = spool ? Files.createTempDirectory("oceum-first-calls") : null;
            long b0 = System.nanoTime();
            var builder = BenchClients.builder(sink.baseUrl()).queueCapacity(WARM_CALLS + calls + 10);
            if (dir != null) {
                builder.spoolDir(dir);
            }
            try (Oceum oceum = builder.build()) {
                long buildNanos = System.nanoTime() - b0;
                long classesBefore = classes.getTotalLoadedClassCount();
                long jitBefore = jit.getTotalCompilationTime();
                long[] first = time(oceum, calls);
                long classesDuring = classes.getTotalLoadedClassCount() - classesBefore;
                long jitDuring = jit.getTotalCompilationTime() - jitBefore;
                oceum.flush(Duration.ofSeconds(30));
                time(oceum, WARM_CALLS);
                oceum.flush(Duration.ofSeconds(30));
                long[] warm = time(oceum, calls);
                long[] sorted = first.clone();
                Arrays.sort(sorted);
                Arrays.sort(warm);
                System.out.printf(
                        "RESULT %8.1f  %8.1f  %9.2f  %6.2f  %6.0f  %7d  %6d  | %14.2f%n",
                        buildNanos / 1e6,
                        first[0] / 1e3,
                        sorted[calls / 2] / 1e3,
                        sorted[(int) (calls * 0.9)] / 1e3,
                        sorted[calls - 1] / 1e3,
                        classesDuring,
                        jitDuring,
                        warm[calls / 2] / 1e3);
            }
        }
    }

    private static long[] time(Oceum oceum, int calls) {
        long[] nanos = new long[calls];
        for (int i = 0; i < calls; i++) {
            long t0 = System.nanoTime();
            if ((i & 1) == 0) {
                oceum.taskStart("classify-ticket", SMALL_META);
            } else {
                oceum.taskComplete("classify-ticket", SMALL_META);
            }
            nanos[i] = System.nanoTime() - t0;
        }
        return nanos;
    }
}
