package ai.oceum.bench.core;

import ai.oceum.Oceum;
import ai.oceum.TaskScope;
import ai.oceum.Usage;
import ai.oceum.bench.support.BenchClients;
import ai.oceum.bench.support.LoopbackSink;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Map;

/**
 * Bytes allocated by the application's thread per telemetry call, measured with the JVM's
 * per-thread allocation counter. JMH's {@code gc.alloc.rate.norm} counts every thread of the
 * process (the sender's JSON and the HTTP client's requests included) and divides by the calls;
 * this main counts only what the caller allocates, which is what its own garbage collection pays.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar ai.oceum.bench.core.CallerAllocation
 * </pre>
 */
public final class CallerAllocation {
    private static final Map<String, Object> SMALL_META =
            Map.of("ticket", 4812, "confidence", 0.93, "label", "billing");
    private static final Usage USAGE = Usage.builder()
            .model("gpt-4o-mini")
            .tokensInput(1200)
            .tokensOutput(450)
            .build();
    private static final int CALLS = 50_000;

    private CallerAllocation() {}

    public static void main(String[] args) throws Exception {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long me = Thread.currentThread().getId();
        try (LoopbackSink sink = LoopbackSink.start(2);
                Oceum oceum = BenchClients.builder(sink.baseUrl())
                        .queueCapacity(4 * CALLS)
                        .build()) {
            long[] last = new long[3];
            for (int round = 0; round < 5; round++) { // the first rounds warm up; the last is printed
                long b0 = threads.getThreadAllocatedBytes(me);
                for (int i = 0; i < CALLS; i++) {
                    oceum.taskComplete("classify-ticket", SMALL_META);
                }
                long b1 = threads.getThreadAllocatedBytes(me);
                for (int i = 0; i < CALLS; i++) {
                    oceum.reportUsage(USAGE);
                }
                long b2 = threads.getThreadAllocatedBytes(me);
                for (int i = 0; i < CALLS; i++) {
                    try (TaskScope ignored = oceum.startTask("classify-ticket")) {
                        // an empty task: its start and its end
                    }
                }
                long b3 = threads.getThreadAllocatedBytes(me);
                last = new long[] {(b1 - b0) / CALLS, (b2 - b1) / CALLS, (b3 - b2) / CALLS};
                oceum.flush(Duration.ofSeconds(60));
            }
            System.out.printf(
                    "bytes allocated by the calling thread per call: taskComplete(name, smallMeta) %d,"
                            + " reportUsage(usage) %d, startTask + close %d%n",
                    last[0], last[1], last[2]);
        }
    }
}
