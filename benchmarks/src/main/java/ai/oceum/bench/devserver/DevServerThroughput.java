package ai.oceum.bench.devserver;

import ai.oceum.Oceum;
import ai.oceum.Usage;
import ai.oceum.devserver.DevServer;
import ai.oceum.devserver.DevServerBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A small documented measurement (not a test): how many events per second the dev server
 * stores when the real client sends them, in memory and on an H2 file. Run it with
 * {@code java -cp benchmarks/target/benchmarks.jar ai.oceum.bench.devserver.DevServerThroughput [events]}
 * (docs/benchmarks.md, "Measurement mains"; numbers in docs/devserver.md).
 */
public final class DevServerThroughput {
    private DevServerThroughput() {}

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 5_000;
        Path dir = Files.createTempDirectory("oceum-throughput");
        run("in memory", DevServer.builder().inMemory(), events);
        run("H2 file  ", DevServer.builder().dataDir(dir), events);
    }

    private static void run(String label, DevServerBuilder builder, int events) {
        try (DevServer server = builder.apiKey("k").build().start();
                Oceum oceum = Oceum.builder()
                        .baseUrl(server.baseUrl())
                        .apiKey("k")
                        .agentId("bench")
                        .readEnvironment(false)
                        .shutdownHook(false)
                        .queueCapacity(events + 10)
                        .build()) {
            oceum.heartbeat();
            oceum.flush(Duration.ofSeconds(10)); // warm up connections and the database
            long start = System.nanoTime();
            for (int i = 0; i < events; i++) {
                if (i % 2 == 0) {
                    oceum.reportUsage(Usage.of("gpt-4o-mini", 1000, 200));
                } else {
                    oceum.taskComplete("job-" + (i % 50));
                }
            }
            boolean flushed = oceum.flush(Duration.ofMinutes(2));
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(
                    "%s: %d events in %.2f s = %.0f events/s (flushed=%s, dropped=%d)%n",
                    label,
                    events,
                    seconds,
                    events / seconds,
                    flushed,
                    oceum.stats().droppedTotal());
        }
    }
}
