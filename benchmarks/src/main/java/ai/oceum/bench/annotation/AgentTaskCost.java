package ai.oceum.bench.annotation;

import ai.oceum.Oceum;
import ai.oceum.annotation.AgentTask;
import ai.oceum.testing.TestReceiver;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntUnaryOperator;

/**
 * Measures what an {@code @AgentTask} call adds on the caller's thread, with a receiver on
 * 127.0.0.1: a plain call, the annotated method called directly (instrumented only when the JVM
 * runs with {@code -javaagent:oceum-javaagent.jar}), and calls through {@code Oceum.instrument}.
 * Not a test: a documented run, see docs/annotation.md for the numbers and docs/benchmarks.md
 * ("Measurement mains") for the command.
 *
 * <p>Each round makes {@value #CALLS} calls (two events each) timed on the caller's thread; the
 * queue is sized to hold every event of the run, so no call meets a full queue, while the sender
 * delivers to the receiver in the background as it would in production. What is still queued at
 * the end is dropped on close (and counted): only the caller's side is measured here.
 */
public final class AgentTaskCost {
    static final int CALLS = 1_000;
    static final int WARMUP_ROUNDS = 50;
    static final int ROUNDS = 50;

    /** The agent's target: one annotated method and its plain twin. */
    public static class Work implements Api {
        @AgentTask("cost-annotated")
        public int annotated(int x) {
            return x * 31 + 7;
        }

        public int plain(int x) {
            return x * 31 + 7;
        }

        @Override
        public int viaProxy(int x) {
            return x * 31 + 7;
        }

        @Override
        public int plainViaProxy(int x) {
            return x * 31 + 7;
        }
    }

    /** The proxy's interface. */
    public interface Api {
        @AgentTask("cost-proxy")
        int viaProxy(int x);

        int plainViaProxy(int x);
    }

    private AgentTaskCost() {}

    public static void main(String[] args) {
        try (TestReceiver receiver = TestReceiver.start();
                Oceum oceum = Oceum.builder()
                        .apiKey("cost-key")
                        .agentId("cost")
                        .baseUrl(receiver.baseUrl())
                        .queueCapacity(500_000)
                        .shutdownHook(false)
                        .build()) {
            Oceum.setGlobal(oceum); // what the agent's inlined code reports through
            Work work = new Work();
            Api proxy = oceum.instrument(Api.class, work);
            Api disabledProxy = Oceum.disabled().instrument(Api.class, work);

            System.out.printf(
                    "java %s, %d cores, agent %s%n",
                    System.getProperty("java.version"),
                    Runtime.getRuntime().availableProcessors(),
                    java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                                    .anyMatch(a -> a.startsWith("-javaagent"))
                            ? "on"
                            : "off");
            System.out.printf("%-48s %10s %10s%n", "ns per call on the caller's thread", "median", "p90");
            Map<String, IntUnaryOperator> rows = new LinkedHashMap<>();
            rows.put("plain method, direct call", work::plain);
            rows.put("@AgentTask method, direct call", work::annotated);
            rows.put("plain method through Oceum.instrument", proxy::plainViaProxy);
            rows.put("@AgentTask method through Oceum.instrument", proxy::viaProxy);
            rows.put("@AgentTask through Oceum.instrument, disabled", disabledProxy::viaProxy);
            // Warm every path up first, so that no row is measured while another is compiled.
            rows.values().forEach(call -> AgentTaskLoop.measure(call, WARMUP_ROUNDS, 0));
            rows.forEach((label, call) -> {
                double[] perCall = AgentTaskLoop.measure(call, 0, ROUNDS);
                System.out.printf("%-48s %10.0f %10.0f%n", label, perCall[ROUNDS / 2], perCall[ROUNDS * 9 / 10]);
            });
            System.out.printf(
                    "events sent while measuring %d, dropped %d (sink %d)%n",
                    oceum.stats().sent(), oceum.stats().droppedTotal(), AgentTaskLoop.sink);
            oceum.close(Duration.ZERO);
        }
    }
}
