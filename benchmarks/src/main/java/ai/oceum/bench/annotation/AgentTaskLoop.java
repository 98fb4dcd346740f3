package ai.oceum.bench.annotation;

import ai.oceum.Oceum;
import ai.oceum.annotation.AgentTask;
import ai.oceum.testing.TestReceiver;
import java.time.Duration;
import java.util.Arrays;

/**
 * The {@code @AgentTask} call's cost in a longer loop than {@link AgentTaskCost}: one row per way
 * in (through {@code Oceum.instrument}, and the annotated method called directly, which the Java
 * agent instruments when the JVM runs with {@code -javaagent:oceum-javaagent.jar}), rounds of
 * {@value #CALLS} calls, {@code warm-up} rounds thrown away, the median and p90 of the rest's
 * per-call averages. A separate class from {@link AgentTaskCost} so that it can run against an
 * older SDK (that jar first on the class path, this one behind it).
 *
 * <p>With {@code down} as third argument the client points at a closed port: after its first
 * failed requests the sender holds (an outage) and the events wait in the queue, so the rounds
 * measure the caller's own path without the sender and the HTTP client competing for the CPUs
 * (on a 2-CPU machine a loop this tight keeps them busy, and its wall time then shows it).
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar ai.oceum.bench.annotation.AgentTaskLoop [warm-up] [rounds] [down]
 * java -javaagent:oceum-javaagent/target/oceum-javaagent.jar -cp … ai.oceum.bench.annotation.AgentTaskLoop
 * </pre>
 */
public final class AgentTaskLoop {
    static final int CALLS = 1_000;

    /** Keeps the calls' results alive (read by both mains' last line). */
    static int sink;

    /** The agent's target. */
    public static class Work implements Api {
        @AgentTask("loop-annotated")
        public int annotated(int x) {
            return x * 31 + 7;
        }

        @Override
        public int viaProxy(int x) {
            return x * 31 + 7;
        }
    }

    /** The proxy's interface. */
    public interface Api {
        @AgentTask("loop-proxy")
        int viaProxy(int x);
    }

    private AgentTaskLoop() {}

    public static void main(String[] args) {
        int warmUp = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 500;
        boolean down = args.length > 2 && args[2].equals("down");
        try (TestReceiver receiver = TestReceiver.start();
                Oceum oceum = Oceum.builder()
                        .apiKey("loop-key")
                        .agentId("loop")
                        .baseUrl(down ? ai.oceum.testing.TestClients.closedPortUrl() : receiver.baseUrl())
                        .queueCapacity(2 * CALLS * (warmUp + rounds) * 2 + 10)
                        .shutdownHook(false)
                        .build()) {
            Oceum.setGlobal(oceum);
            Work work = new Work();
            Api proxy = oceum.instrument(Api.class, work);
            boolean agent = java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                    .anyMatch(a -> a.startsWith("-javaagent"));
            System.out.printf(
                    "java %s, %d cores, agent %s, receiver %s, %d warm-up rounds, %d rounds of %d calls%n",
                    System.getProperty("java.version"),
                    Runtime.getRuntime().availableProcessors(),
                    agent ? "on" : "off",
                    down ? "down (sender holds)" : "healthy",
                    warmUp,
                    rounds,
                    CALLS);
            double[] viaProxy = measure(proxy::viaProxy, warmUp, rounds);
            System.out.printf(
                    "@AgentTask through Oceum.instrument: median %.0f ns, p90 %.0f ns%n",
                    viaProxy[rounds / 2], viaProxy[rounds * 9 / 10]);
            if (agent) {
                double[] direct = measure(work::annotated, warmUp, rounds);
                System.out.printf(
                        "@AgentTask called directly (agent): median %.0f ns, p90 %.0f ns%n",
                        direct[rounds / 2], direct[rounds * 9 / 10]);
            }
            System.out.printf(
                    "events sent %d, dropped %d (sink %d)%n",
                    oceum.stats().sent(), oceum.stats().droppedTotal(), sink);
            oceum.close(Duration.ZERO);
        }
    }

    /** Per-call nanoseconds of each of {@code rounds} rounds after {@code warmUp} thrown away, sorted. */
    static double[] measure(java.util.function.IntUnaryOperator call, int warmUp, int rounds) {
        for (int i = 0; i < warmUp; i++) {
            round(call);
        }
        double[] perCall = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            perCall[i] = round(call);
        }
        Arrays.sort(perCall);
        return perCall;
    }

    private static double round(java.util.function.IntUnaryOperator call) {
        int acc = 0;
        long start = System.nanoTime();
        for (int i = 0; i < CALLS; i++) {
            acc += call.applyAsInt(i);
        }
        long elapsed = System.nanoTime() - start;
        sink += acc;
        return (double) elapsed / CALLS;
    }
}
