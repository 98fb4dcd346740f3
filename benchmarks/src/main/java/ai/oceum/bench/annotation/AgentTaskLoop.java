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
 * (on a 2-CPU machine a loop this tight keeps them busy, and its wall time then shows it). So that
 * the waiting events do not pile up to millions (young collections copying an ever larger live
 * set, a different amount in every JVM), a fresh client and proxy take over every
 * {@value #BLOCK} rounds, outside the timed rounds; the events the old client still holds are
 * dropped at its close, counted and printed.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar ai.oceum.bench.annotation.AgentTaskLoop [warm-up] [rounds] [down]
 * java -javaagent:oceum-javaagent/target/oceum-javaagent.jar -cp … ai.oceum.bench.annotation.AgentTaskLoop
 * </pre>
 */
public final class AgentTaskLoop {
    static final int CALLS = 1_000;
    /** Rounds per client when the receiver is down: at most 2 × CALLS × BLOCK events wait. */
    static final int BLOCK = 20;

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

    public static void main(String[] args) throws Exception {
        int warmUp = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 500;
        boolean down = args.length > 2 && args[2].equals("down");
        try (TestReceiver receiver = TestReceiver.start()) {
            String url = down ? ai.oceum.testing.TestClients.closedPortUrl() : receiver.baseUrl();
            // Down: room for one block; healthy: for every event of the run, as before.
            Clients clients = new Clients(url, down ? 2 * CALLS * BLOCK + 10 : 2 * CALLS * (warmUp + rounds) * 2 + 10);
            Runnable refresh = down ? clients::next : () -> {};
            Work work = new Work();
            boolean agent = java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                    .anyMatch(a -> a.startsWith("-javaagent"));
            System.out.printf(
                    "java %s, %d cores, agent %s, receiver %s, %d warm-up rounds, %d rounds of %d calls%n",
                    System.getProperty("java.version"),
                    Runtime.getRuntime().availableProcessors(),
                    agent ? "on" : "off",
                    down ? "down (sender holds; a fresh client every " + BLOCK + " rounds)" : "healthy",
                    warmUp,
                    rounds,
                    CALLS);
            double[] viaProxy = measure(x -> clients.proxy.viaProxy(x), warmUp, rounds, refresh);
            System.out.printf(
                    "@AgentTask through Oceum.instrument: median %.0f ns, p90 %.0f ns%n",
                    viaProxy[rounds / 2], viaProxy[rounds * 9 / 10]);
            if (agent) {
                double[] direct = measure(work::annotated, warmUp, rounds, refresh);
                System.out.printf(
                        "@AgentTask called directly (agent): median %.0f ns, p90 %.0f ns%n",
                        direct[rounds / 2], direct[rounds * 9 / 10]);
            }
            clients.close();
            System.out.printf(
                    "events sent %d, dropped %d (at the closes of the clients that held them: %d) (sink %d)%n",
                    clients.sent, clients.dropped, clients.droppedAtClose, sink);
        }
    }

    /** The client (and proxy) the rounds report through; with the receiver down, a fresh one per block. */
    private static final class Clients {
        private final String url;
        private final int queue;
        private final Work work = new Work();
        Oceum oceum;
        Api proxy;
        long sent;
        long dropped;
        long droppedAtClose;

        Clients(String url, int queue) {
            this.url = url;
            this.queue = queue;
            next();
        }

        /** Closes the current client (dropping what it holds, counted) and reports through a new one. */
        void next() {
            close();
            oceum = Oceum.builder()
                    .apiKey("loop-key")
                    .agentId("loop")
                    .baseUrl(url)
                    .queueCapacity(queue)
                    .shutdownHook(false)
                    .build();
            Oceum.setGlobal(oceum); // the agent's advice reports through the global client
            proxy = oceum.instrument(Api.class, work);
        }

        void close() {
            if (oceum == null) {
                return;
            }
            long before = oceum.stats().droppedTotal();
            oceum.close(Duration.ZERO);
            sent += oceum.stats().sent();
            dropped += oceum.stats().droppedTotal();
            droppedAtClose += oceum.stats().droppedTotal() - before;
            oceum = null;
        }
    }

    /** Per-call nanoseconds of each of {@code rounds} rounds after {@code warmUp} thrown away, sorted. */
    static double[] measure(java.util.function.IntUnaryOperator call, int warmUp, int rounds) {
        return measure(call, warmUp, rounds, () -> {});
    }

    /** The same, calling {@code refresh} every {@value #BLOCK} rounds, outside the timed rounds. */
    static double[] measure(java.util.function.IntUnaryOperator call, int warmUp, int rounds, Runnable refresh) {
        for (int i = 0; i < warmUp; i++) {
            if (i % BLOCK == BLOCK - 1) {
                refresh.run();
            }
            round(call);
        }
        refresh.run();
        double[] perCall = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            if (i % BLOCK == BLOCK - 1) {
                refresh.run();
            }
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
