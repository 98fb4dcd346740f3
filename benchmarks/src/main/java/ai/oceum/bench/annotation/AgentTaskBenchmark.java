package ai.oceum.bench.annotation;

import ai.oceum.Oceum;
import ai.oceum.bench.support.BenchClients;
import ai.oceum.bench.support.Receivers;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The caller's cost of an {@code @AgentTask} call (a task start and a task end), the JMH side of
 * {@link AgentTaskLoop}: {@code proxy} calls an annotated interface method through
 * {@code Oceum.instrument}; {@code direct} calls the annotated method itself, which is a task only
 * when the fork runs with the Java agent:
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar AgentTaskBenchmark \
 *     -jvmArgsAppend "-Xms3g -Xmx3g -javaagent:oceum-javaagent/target/oceum-javaagent.jar"
 * </pre>
 *
 * ({@code -jvmArgsAppend} on the command line replaces the one below, hence the heap repeated.)
 * Without the agent {@code direct} is the bare method, the floor both rows are compared with.
 *
 * <p>The client sends to a closed port: after its first failed requests the sender holds (an
 * outage), so the calls measure the caller's path without the sender and the HTTP client taking
 * the other CPU. The queue is large enough for a whole iteration and each iteration gets a fresh
 * client, so that nothing is dropped and what the queue retains is bounded by one iteration.
 * Sample time, read at the median: the retained events make the young collections copy a lot, and
 * an average would be those pauses spread over the calls (the loop's p90 shows them too).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 200, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 10, time = 200, timeUnit = TimeUnit.MILLISECONDS)
@Fork(
        value = 3,
        jvmArgsAppend = {"-Xms3g", "-Xmx3g"})
public class AgentTaskBenchmark {
    /** Room for 200 ms of calls at 70 ns each, two events per call. */
    private static final int QUEUE = 6_000_000;

    private Receivers.Endpoint endpoint;
    private Oceum oceum;
    private AgentTaskLoop.Api proxy;
    private final AgentTaskLoop.Work work = new AgentTaskLoop.Work();
    private int x;

    @Setup(Level.Trial)
    public void startReceiver() throws IOException {
        endpoint = Receivers.of("down");
    }

    @Setup(Level.Iteration)
    public void newClient() {
        oceum = BenchClients.builder(endpoint.url()).queueCapacity(QUEUE).build();
        Oceum.setGlobal(oceum); // the agent's advice reports through the global client
        proxy = oceum.instrument(AgentTaskLoop.Api.class, work);
    }

    @TearDown(Level.Iteration)
    public void closeClient() {
        if (oceum.stats().droppedTotal() > 0) {
            throw new IllegalStateException("events dropped during the iteration: raise QUEUE");
        }
        oceum.close(Duration.ZERO);
    }

    @TearDown(Level.Trial)
    public void stopReceiver() {
        endpoint.close();
    }

    @Benchmark
    public int proxy() {
        return proxy.viaProxy(x++);
    }

    @Benchmark
    public int direct() {
        return work.annotated(x++);
    }
}
