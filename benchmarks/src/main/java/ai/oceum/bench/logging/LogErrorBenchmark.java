package ai.oceum.bench.logging;

import ai.oceum.bench.support.LoopbackSink;
import ai.oceum.bench.support.Receivers;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import java.io.IOException;
import java.net.URI;
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
 * The cost of one {@code log.error} on the logging thread, through the same Logback
 * configuration with four appenders (see {@link LogbackVariant}): none (a no-op appender, the
 * baseline), a no-op appender that formats the message (the least a real appender does), the
 * Oceum appender (its client sending to a loopback sink), and sentry-logback's
 * {@code SentryAppender} (DSN at a closed loopback port, as when Sentry is unreachable).
 *
 * <p>Every variant logs the same calls: {@code log.error("order {} failed…", n)} with or without
 * an exception (two causes deep), and either one template for every call ({@code same}: the Oceum
 * appender's flood control collapses the repeats, its default behaviour) or a different template
 * each call ({@code distinct}: 65,536 templates in turn, so flood control does not hide the cost
 * of sending; past its 1,000 tracked keys each error is sent unchanged).
 *
 * <p>Each iteration gets a fresh {@link LoggerContext} configured from the variant's XML, so the
 * Oceum client's queue starts empty (its capacity is raised with {@code -Doceum.queue.capacity}
 * so that one iteration's events fit: the measured path is "queued", not "queue full, dropped").
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 200, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 10, time = 200, timeUnit = TimeUnit.MILLISECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms4g", "-Xmx4g", "-Doceum.queue.capacity=4000000", "-Doceum.shutdown.hook=false"})
public class LogErrorBenchmark {
    private static final int TEMPLATES = 1 << 16;

    /** {@code none}, {@code format}, {@code oceum} or {@code sentry}: see {@link LogbackVariant}. */
    @Param({"none", "format", "oceum", "sentry"})
    public String appender;

    /** {@code same}: one message template for every call; {@code distinct}: a new one each call. */
    @Param({"same", "distinct"})
    public String message;

    /** Whether the call carries an exception. */
    @Param({"false", "true"})
    public boolean throwable;

    private final String[] templates = new String[TEMPLATES];
    private LogbackVariant variant;
    private String url;
    private LoopbackSink sink;
    private LoggerContext context;
    private Logger log;
    private Exception exception;
    private int n;
    private String lastStatus = "";

    @Setup(Level.Trial)
    public void prepare() throws IOException {
        variant = LogbackVariant.named(appender);
        switch (variant) {
            case OCEUM -> {
                sink = LoopbackSink.start(2);
                url = sink.baseUrl();
            }
            case SENTRY -> {
                URI down = URI.create(Receivers.down());
                url = "http://key@127.0.0.1:" + down.getPort() + "/1";
            }
            default -> url = "unused";
        }
        for (int i = 0; i < TEMPLATES; i++) {
            templates[i] = message.equals("same") ? "order {} failed" : "order {} failed at step " + i;
        }
        exception = Failures.paymentFailure();
    }

    @Setup(Level.Iteration)
    public void configure() {
        context = variant.start(url);
        log = context.getLogger("com.example.orders.OrderService");
    }

    @TearDown(Level.Iteration)
    public void stopContext() {
        context.stop();
        lastStatus = LogbackVariant.lastStatus(context, "stopped:");
    }

    @TearDown(Level.Trial)
    public void report() {
        if (variant == LogbackVariant.OCEUM) {
            // The appender's own counts for the last iteration: how many events were handed to the
            // client, how many flood control held back, and what the client did with them.
            System.out.println("\n[oceum appender, last iteration] " + lastStatus);
        }
        if (sink != null) {
            sink.close();
        }
    }

    @Benchmark
    public void logError() {
        int i = n++;
        String template = templates[i & (TEMPLATES - 1)];
        if (throwable) {
            log.error(template, i, exception);
        } else {
            log.error(template, i);
        }
    }
}
