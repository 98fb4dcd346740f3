package ai.oceum.bench.langchain4j;

import ai.oceum.Oceum;
import ai.oceum.OceumStats;
import ai.oceum.langchain4j.OceumChatModelListener;
import ai.oceum.langchain4j.OceumLangChain4j;
import ai.oceum.testing.TestReceiver;
import dev.langchain4j.service.AiServices;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * Measures the time the Oceum listeners add to one {@code AiServices} call on an in-process,
 * deterministic model, with a real Oceum client reporting to a receiver on 127.0.0.1.
 *
 * <p>Each round times calls one by one, alternately without and with the listeners; between
 * batches the client is flushed, so calls are timed with the queue in its normal, nearly empty
 * state (not full and dropping). Prints the median and 90th percentile per call for both, and the
 * difference. Not a unit test: run it by hand (command in docs/benchmarks.md, "Measurement mains";
 * numbers in {@code docs/langchain4j.md}).
 */
public final class ListenerOverhead {
    private static final int BATCH = 250;

    private ListenerOverhead() {}

    public static void main(String[] args) {
        int warmup = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int measured = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        try (TestReceiver receiver = TestReceiver.start();
                Oceum oceum = Oceum.builder()
                        .apiKey("bench-key")
                        .agentId("bench")
                        .baseUrl(receiver.baseUrl())
                        .shutdownHook(false)
                        .readEnvironment(false)
                        .build()) {
            Assistant plain = AiServices.builder(Assistant.class)
                    .chatModel(new ScriptedModel(List.of()))
                    .build();
            Assistant observed = OceumLangChain4j.instrument(AiServices.builder(Assistant.class), oceum)
                    .chatModel(new ScriptedModel(List.of(new OceumChatModelListener(oceum))))
                    .build();

            run(plain, observed, oceum, warmup);
            long[][] times = run(plain, observed, oceum, measured);

            long[] without = times[0];
            long[] with = times[1];
            Arrays.sort(without);
            Arrays.sort(with);
            OceumStats stats = oceum.stats();
            System.out.printf("calls measured: %d each (after %d warm-up)%n", measured, warmup);
            System.out.printf("without listeners: median %.1f us, p90 %.1f us%n", us(without, 0.5), us(without, 0.9));
            System.out.printf("with listeners:    median %.1f us, p90 %.1f us%n", us(with, 0.5), us(with, 0.9));
            System.out.printf(
                    "added per call:    median %.1f us, p90 %.1f us%n",
                    us(with, 0.5) - us(without, 0.5), us(with, 0.9) - us(without, 0.9));
            System.out.printf(
                    "events: accepted %d, sent %d, dropped %d%n", stats.accepted(), stats.sent(), stats.droppedTotal());
        }
    }

    private static long[][] run(Assistant plain, Assistant observed, Oceum oceum, int calls) {
        long[] without = new long[calls];
        long[] with = new long[calls];
        for (int done = 0; done < calls; done += BATCH) {
            int end = Math.min(calls, done + BATCH);
            for (int i = done; i < end; i++) {
                long t0 = System.nanoTime();
                plain.chat("ping");
                long t1 = System.nanoTime();
                observed.chat("ping");
                long t2 = System.nanoTime();
                without[i] = t1 - t0;
                with[i] = t2 - t1;
            }
            oceum.flush(Duration.ofSeconds(30));
        }
        return new long[][] {without, with};
    }

    private static double us(long[] sorted, double quantile) {
        return sorted[(int) Math.min(sorted.length - 1, Math.round(quantile * (sorted.length - 1)))] / 1000.0;
    }
}
