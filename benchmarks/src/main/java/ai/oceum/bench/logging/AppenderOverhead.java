package ai.oceum.bench.logging;

import ai.oceum.Oceum;
import ai.oceum.logback.OceumAppender;
import ai.oceum.testing.TestClients;
import ai.oceum.testing.TestReceiver;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.helpers.NOPAppender;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;

/**
 * Measures what one {@code log.error(...)} costs the logging thread with the Oceum appender attached,
 * against the same logger with a no-op appender, in one JVM run. Not a test: run it by hand (command
 * in docs/benchmarks.md, "Measurement mains"); the numbers go into {@code docs/logging.md}.
 *
 * <p>Each case logs {@code batches × perBatch} errors, timing every call with {@link System#nanoTime()}
 * (which adds about 20–30 ns to every sample, the baseline included). With a healthy receiver the
 * client is flushed between batches, outside the timed calls, so that the queue is never full: that
 * is the cost of handing an event over. With the receiver down, nothing is flushed: the queue fills
 * and the rest is dropped and counted, which is what happens in production when Oceum is down.
 */
public final class AppenderOverhead {
    @SuppressWarnings(
            "StaticAssignmentOfThrowable") // one exception logged on every call: the benchmark measures the log call,
    // not creating it
    private static final IllegalStateException FAILURE = new IllegalStateException("downstream timed out");

    private AppenderOverhead() {}

    /**
     * Runs the measurement.
     *
     * @param args optional: batches (default 10), calls per batch (default 900; the queue holds 10,000)
     */
    public static void main(String[] args) throws Exception {
        int batches = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int perBatch = args.length > 1 ? Integer.parseInt(args[1]) : 900;
        String downUrl = TestClients.closedPortUrl();
        try (TestReceiver healthy = TestReceiver.start()) {
            System.out.printf(
                    Locale.ROOT,
                    "%d x %d calls per case, JDK %s, %d CPUs%n",
                    batches,
                    perBatch,
                    Runtime.version(),
                    Runtime.getRuntime().availableProcessors());
            for (int round = 0; round < 2; round++) {
                boolean report = round == 1; // the first round warms up the JIT
                if (report) {
                    System.out.printf(
                            Locale.ROOT,
                            "%-58s %9s %9s %9s %9s %9s%n",
                            "case (log.error with an exception)",
                            "mean ns",
                            "p50 ns",
                            "p90 ns",
                            "p99 ns",
                            "max ns");
                }
                run(
                        "NOP appender only (baseline)",
                        new Case(new NOPAppender<>(), null),
                        null,
                        batches,
                        perBatch,
                        report);
                run(
                        "Oceum, receiver healthy, every error sent (flood off)",
                        oceum(healthy.baseUrl(), "0"),
                        true,
                        batches,
                        perBatch,
                        report);
                run(
                        "Oceum, receiver healthy, identical errors (flood on)",
                        oceum(healthy.baseUrl(), "60s"),
                        true,
                        batches,
                        perBatch,
                        report);
                run("Oceum, receiver down (refused), flood off", oceum(downUrl, "0"), false, batches, perBatch, report);
                // Three times the default queue capacity without a flush: most calls meet a full queue.
                run(
                        "Oceum, receiver down, 30,000 calls (queue full, drops)",
                        oceum(downUrl, "0"),
                        false,
                        1,
                        30_000,
                        report);
            }
        }
    }

    /** An appender under measurement and the client it reports through (null for the baseline). */
    private record Case(Appender<ILoggingEvent> appender, Oceum client) {}

    private static Case oceum(String url, String floodWindow) {
        OceumAppender a = new OceumAppender();
        // The client the appender would build from apiKey/agentId/baseUrl, built here so that the
        // run can flush it and read its stats (an appender flushes a given client at stop, never closes it).
        Oceum client = Oceum.builder()
                .apiKey("bench-key")
                .agentId("overhead-bench")
                .baseUrl(url)
                .build();
        a.setClient(client);
        a.setFloodWindow(floodWindow);
        a.setFlushTimeout("200ms");
        return new Case(a, client);
    }

    private static void run(
            String name, Case measured, Boolean flushBetween, int batches, int perBatch, boolean report) {
        Appender<ILoggingEvent> appender = measured.appender();
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(org.slf4j.MDC.getMDCAdapter());
        appender.setContext(context);
        appender.setName("BENCH");
        appender.start();
        Logger log = context.getLogger("app.Bench");
        log.setAdditive(false);
        log.addAppender(appender);
        Oceum client = measured.client();

        long[] samples = new long[batches * perBatch];
        int k = 0;
        for (int b = 0; b < batches; b++) {
            for (int i = 0; i < perBatch; i++) {
                long t0 = System.nanoTime();
                log.error("order {} failed", k, FAILURE);
                samples[k++] = System.nanoTime() - t0;
            }
            if (client != null && Boolean.TRUE.equals(flushBetween)) {
                client.flush(Duration.ofSeconds(30));
            }
        }
        String stats = client == null
                ? ""
                : "  [client: " + client.stats().sent() + " sent, "
                        + client.stats().droppedTotal() + " dropped "
                        + client.stats().dropped() + "]";
        context.stop();
        if (client != null) {
            client.close();
        }
        if (report) {
            Arrays.sort(samples);
            double mean = Arrays.stream(samples).average().orElse(0);
            System.out.printf(
                    Locale.ROOT,
                    "%-58s %9.0f %9d %9d %9d %9d%s%n",
                    name,
                    mean,
                    pct(samples, 50),
                    pct(samples, 90),
                    pct(samples, 99),
                    samples[samples.length - 1],
                    stats);
        }
    }

    private static long pct(long[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) ((long) sorted.length * p / 100))];
    }
}
