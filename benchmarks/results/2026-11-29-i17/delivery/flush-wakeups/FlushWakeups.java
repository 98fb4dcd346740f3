import ai.oceum.Oceum;
import ai.oceum.bench.support.BenchClients;
import ai.oceum.bench.support.LoopbackSink;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** Throwaway: how often does the thread in flush() wake while a saturated client delivers N events? */
public class FlushWakeups {
    static long switches() throws Exception {
        long n = 0;
        for (String l : Files.readAllLines(Path.of("/proc/thread-self/status"))) {
            if (l.startsWith("voluntary_ctxt_switches:") || l.startsWith("nonvoluntary_ctxt_switches:")) n += Long.parseLong(l.split(":")[1].strip());
        }
        return n;
    }
    public static void main(String[] a) throws Exception {
        int events = Integer.parseInt(a[0]);
        var t = ManagementFactory.getThreadMXBean();
        try (LoopbackSink sink = LoopbackSink.start(4)) {
            for (int round = 0; round < 4; round++) {
                Oceum oceum = BenchClients.builder(sink.baseUrl()).queueCapacity(events).build();
                for (int i = 0; i < events; i++) oceum.taskComplete("bench-task", Map.of("seq", i));
                long s0 = switches(), c0 = t.getCurrentThreadCpuTime(), w0 = System.nanoTime();
                if (!oceum.flush(Duration.ofMinutes(2))) throw new IllegalStateException();
                long s1 = switches(), c1 = t.getCurrentThreadCpuTime(), w1 = System.nanoTime();
                System.out.printf("round %d: flush of %d events took %.0f ms; the flushing thread: %d context switches (%.2f per event), %.1f ms CPU (%.1f µs per event)%n",
                        round + 1, events, (w1 - w0) / 1e6, s1 - s0, (s1 - s0) / (double) events, (c1 - c0) / 1e6, (c1 - c0) / 1e3 / events);
                oceum.close(Duration.ZERO);
            }
        }
    }
}
