package ai.oceum.bench.core;

import ai.oceum.Oceum;
import ai.oceum.WebhookResponse;
import ai.oceum.bench.support.BenchClients;
import ai.oceum.bench.support.Receivers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
 * The caller's cost of {@code taskComplete(name, smallMeta)} when the client has a spool: each
 * call writes its event to the spool file before it returns (write-ahead, so that a killed process
 * loses nothing it accepted). Default queue capacity, a fresh spool directory per iteration in
 * the system temporary directory.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 200, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 10, time = 200, timeUnit = TimeUnit.MILLISECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class SpooledCallBenchmark {
    /** {@code healthy}: a loopback sink answers 200; {@code down}: nothing listens on the port. */
    @Param({"healthy", "down"})
    public String receiver;

    private Receivers.Endpoint endpoint;
    private Path spoolDir;
    private Oceum oceum;

    @Setup(Level.Trial)
    public void startReceiver() throws IOException {
        endpoint = Receivers.of(receiver);
    }

    @Setup(Level.Iteration)
    public void newClient() throws IOException {
        spoolDir = Files.createTempDirectory("oceum-bench-spool");
        oceum = BenchClients.builder(endpoint.url())
                .spoolDir(spoolDir)
                .spoolMaxBytes(1L << 30)
                .build();
    }

    @TearDown(Level.Iteration)
    public void closeClient() throws IOException {
        oceum.close(Duration.ZERO);
        try (Stream<Path> files = Files.walk(spoolDir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    @TearDown(Level.Trial)
    public void stopReceiver() {
        endpoint.close();
    }

    @Benchmark
    public CompletableFuture<WebhookResponse> taskComplete() {
        return oceum.taskComplete("triage-ticket", CallBaselineBenchmark.smallMeta());
    }
}
