package ai.oceum.bench.delivery;

import ai.oceum.Oceum;
import ai.oceum.OceumStats;
import ai.oceum.bench.support.BenchClients;
import ai.oceum.bench.support.LoopbackSink;
import ai.oceum.bench.support.Receivers;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * Background CPU of a client while Oceum is down, next to a healthy client and a disabled one at
 * the same event rate, side by side in one JVM: the question of the issue "Outages: hold, don't
 * hammer" (an unreachable receiver should cost no more CPU than a healthy one). A sustained run of
 * real threads is measured end to end, so this is a main, not JMH.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar ai.oceum.bench.delivery.OutageCpu \
 *     [--rate 500] [--seconds 20] [--modes healthy,down,disabled]
 * </pre>
 *
 * <p>Each mode sends {@code taskComplete} events at {@code rate} per second for {@code seconds}
 * from the main thread, paced (load shaping), to a {@link LoopbackSink} (healthy), to a loopback
 * port where nothing listens (down), or to {@link Oceum#disabled()}. It prints the CPU time of the
 * SDK's threads ({@code oceum-*} and the JDK HTTP client's selector, measured per thread; the
 * sink's threads are not counted), of the whole process, the requests the client made
 * ({@code sent + retried}), the heap in use after a GC at the end (before close: what the client
 * holds), the drops by reason, and the load average before and after. Client settings are the SDK's
 * defaults (retries from 1 s to 30 s, 3 retries, queue of 10,000).
 */
public final class OutageCpu {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private OutageCpu() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            opts.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        int rate = Integer.parseInt(opts.getOrDefault("rate", "500"));
        int seconds = Integer.parseInt(opts.getOrDefault("seconds", "20"));
        List<String> modes =
                List.of(opts.getOrDefault("modes", "healthy,down,disabled").split(","));
        System.out.printf(
                Locale.ROOT,
                "OutageCpu: %d events/s for %d s per mode, %d CPUs, %s%n",
                rate,
                seconds,
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.runtime.version"));
        System.out.println("| mode | SDK threads CPU (ms) | process CPU (ms) | events | delivered | requests "
                + "| requests/s | SDK CPU per delivered event (µs) | heap after GC, before close (MiB) | dropped "
                + "| load before → after |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|");
        for (String mode : modes) {
            System.gc();
            run(mode.strip(), rate, seconds);
        }
    }

    private static void run(String mode, int rate, int seconds) throws Exception {
        LoopbackSink sink = mode.equals("healthy") ? LoopbackSink.start(2) : null;
        Oceum oceum = switch (mode) {
            case "healthy" -> BenchClients.builder(sink.baseUrl()).build();
            case "down" -> BenchClients.builder(Receivers.down()).build();
            case "disabled" -> Oceum.disabled();
            default -> throw new IllegalArgumentException("unknown mode " + mode);
        };
        String loadBefore = load();
        Map<Long, Long> sdkBefore = sdkCpuNanos();
        long processBefore = processCpuNanos();
        int events = rate * seconds;
        long start = System.nanoTime();
        long interval = 1_000_000_000L / rate;
        Map<String, Object> meta = Map.of("bench", "outage-cpu");
        for (int i = 0; i < events; i++) {
            // Load shaping, not a wait for a condition: event i is due at a fixed time.
            long due = start + i * interval;
            long now;
            while ((now = System.nanoTime()) < due) {
                LockSupport.parkNanos(due - now);
            }
            oceum.taskComplete("outage-cpu", meta);
        }
        if (mode.equals("healthy")) {
            oceum.flush(Duration.ofSeconds(10)); // the last events' delivery belongs to the run
        }
        long sdk = 0;
        for (Map.Entry<Long, Long> t : sdkCpuNanos().entrySet()) {
            sdk += t.getValue() - sdkBefore.getOrDefault(t.getKey(), 0L);
        }
        long process = processCpuNanos() - processBefore;
        double wall = (System.nanoTime() - start) / 1e9;
        OceumStats s = oceum.stats();
        String loadAfter = load();
        System.gc();
        long heap = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
        oceum.close(Duration.ZERO);
        if (sink != null) {
            sink.close();
        }
        long requests = s.sent() + s.retried();
        System.out.printf(
                Locale.ROOT,
                "| %s | %,d | %,d | %,d | %,d | %,d | %,.1f | %s | %.1f | %s | %s → %s |%n",
                mode,
                sdk / 1_000_000,
                process / 1_000_000,
                events,
                s.sent(),
                requests,
                requests / wall,
                s.sent() == 0 ? "–" : String.format(Locale.ROOT, "%.0f", sdk / 1e3 / s.sent()),
                heap / 1048576.0,
                dropped(s),
                loadBefore,
                loadAfter);
    }

    /** The drops by reason, only those that happened. */
    private static String dropped(OceumStats s) {
        StringBuilder b = new StringBuilder();
        s.dropped().forEach((reason, n) -> {
            if (n > 0) {
                b.append(b.length() == 0 ? "" : ", ")
                        .append(reason)
                        .append(' ')
                        .append(String.format(Locale.ROOT, "%,d", n));
            }
        });
        return b.length() == 0 ? "–" : b.toString();
    }

    /**
     * CPU time by thread id of the threads alive now that belong to the SDK's delivery: its own and
     * the HTTP selector (a run counts, for each thread alive at its end, what it used since its start).
     */
    private static Map<Long, Long> sdkCpuNanos() {
        Map<Long, Long> cpu = new HashMap<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            String name = t.getName();
            if (name.startsWith("oceum-") || name.startsWith("HttpClient-")) {
                cpu.put(t.getId(), Math.max(0, THREADS.getThreadCpuTime(t.getId())));
            }
        }
        return cpu;
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static String load() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0];
        } catch (Exception e) {
            return "?";
        }
    }
}
