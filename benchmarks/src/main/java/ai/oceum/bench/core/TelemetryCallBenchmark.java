package ai.oceum.bench.core;

import ai.oceum.Oceum;
import ai.oceum.Usage;
import ai.oceum.WebhookResponse;
import ai.oceum.bench.support.BenchClients;
import ai.oceum.bench.support.Receivers;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The caller's cost of a telemetry call: what the application thread pays for
 * {@code taskComplete(name, smallMeta)} and {@code reportUsage(usage)}, with Oceum healthy or
 * down, and with room in the queue or with the queue full (every call refused and counted).
 * Compare with {@link CallBaselineBenchmark}, which builds the same small map and nothing else.
 *
 * <p>Each measurement iteration gets a fresh client, so that "room" really has room: the
 * benchmark produces events far faster than any network takes them, and a long-lived client
 * would spend the whole run with a full queue.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 200, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 10, time = 200, timeUnit = TimeUnit.MILLISECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class TelemetryCallBenchmark {
    /** Enough for one 200 ms iteration at well under 1 µs per call. */
    private static final int ROOM = 1_000_000;

    /** {@code healthy}: a loopback sink answers 200; {@code down}: nothing listens on the port. */
    @Param({"healthy", "down"})
    public String receiver;

    /** {@code room}: a fresh queue with room to spare; {@code full}: capacity 1, so calls are refused. */
    @Param({"room", "full"})
    public String queue;

    private final Usage usage = Usage.builder()
            .model("gpt-4o-mini")
            .provider("openai")
            .tokensInput(1200)
            .tokensOutput(450)
            .build();
    private Receivers.Endpoint endpoint;
    private Oceum oceum;

    @Setup(Level.Trial)
    public void startReceiver() throws IOException {
        endpoint = Receivers.of(receiver);
    }

    @Setup(Level.Iteration)
    public void newClient() {
        oceum = BenchClients.builder(endpoint.url())
                .queueCapacity(queue.equals("room") ? ROOM : 1)
                .build();
    }

    @TearDown(Level.Iteration)
    public void closeClient() {
        oceum.close(Duration.ZERO);
    }

    @TearDown(Level.Trial)
    public void stopReceiver() {
        endpoint.close();
    }

    @Benchmark
    public CompletableFuture<WebhookResponse> taskComplete() {
        return oceum.taskComplete("triage-ticket", CallBaselineBenchmark.smallMeta());
    }

    @Benchmark
    public CompletableFuture<WebhookResponse> reportUsage() {
        return oceum.reportUsage(usage);
    }
}
