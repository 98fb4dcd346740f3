package ai.oceum.bench.core;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The baseline of {@link TelemetryCallBenchmark}: building the small meta map the caller hands to
 * {@code taskComplete}, returned to JMH's blackhole, and nothing else. The telemetry call's own
 * cost is the difference.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 200, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 10, time = 200, timeUnit = TimeUnit.MILLISECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class CallBaselineBenchmark {
    private static long counter;

    /** A typical small meta map, a little different each call so that it is not a constant. */
    static Map<String, Object> smallMeta() {
        return Map.of("confidence", 0.93, "ticket", counter++);
    }

    @Benchmark
    public Map<String, Object> buildSmallMeta() {
        return smallMeta();
    }
}
