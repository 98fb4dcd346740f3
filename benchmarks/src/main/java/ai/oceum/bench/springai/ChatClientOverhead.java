package ai.oceum.bench.springai;

import ai.oceum.Oceum;
import ai.oceum.OceumStats;
import ai.oceum.bench.support.BenchClients;
import ai.oceum.bench.support.LoopbackSink;
import ai.oceum.springai.AgentTaskNaming;
import ai.oceum.springai.OceumSpringAi;
import ai.oceum.springai.OceumSpringAiOptions;
import io.micrometer.observation.ObservationRegistry;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.support.ToolCallbacks;
import org.springframework.ai.tool.ToolCallback;

/**
 * The plain-{@code main()} companion of {@link ChatClientOverheadBenchmark}: what the Oceum
 * handler adds to one {@code ChatClient} call, measured the way an application sees it — calls
 * timed one by one, alternately on a registry with a do-nothing handler ({@code noop}, the
 * baseline) and on one that also has the Oceum handler, with the client flushed between batches
 * of {@value #BATCH} so that calls run with the queue in its normal, nearly empty state (as in an
 * agent, where the sender is idle almost all the time; JMH's back-to-back calls keep it saturated).
 *
 * <p>Besides wall-clock time per call it records the calling thread's CPU time per call, which
 * other processes on a busy machine do not inflate. Usage: {@code java -cp benchmarks.jar
 * ai.oceum.bench.springai.ChatClientOverhead [warm-up calls] [measured calls] [auto|always|off]};
 * the last is the handler's {@link AgentTaskNaming} (default {@code auto}): {@code always} walks the
 * stack for an {@code @AgentTask} caller at every call, {@code off} never (the difference between
 * the two is that walk's cost), {@code auto} at the first 64 calls and one in 64 after (none is found).
 */
public final class ChatClientOverhead {
    private static final int BATCH = 250;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private ChatClientOverhead() {}

    public static void main(String[] args) throws IOException {
        int warmup = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int measured = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        try (LoopbackSink sink = LoopbackSink.start(2);
                Oceum oceum = BenchClients.builder(sink.baseUrl()).build()) {
            ObservationRegistry baseline = ObservationRegistry.create();
            baseline.observationConfig().observationHandler(new ChatClientOverheadBenchmark.NoopHandler());
            ObservationRegistry observed = ObservationRegistry.create();
            observed.observationConfig().observationHandler(new ChatClientOverheadBenchmark.NoopHandler());
            AgentTaskNaming naming =
                    args.length > 2 ? AgentTaskNaming.valueOf(args[2].toUpperCase(Locale.ROOT)) : AgentTaskNaming.AUTO;
            OceumSpringAi.register(
                    observed,
                    oceum,
                    OceumSpringAiOptions.builder().agentTaskNaming(naming).build());
            System.out.println("handler registered with agentTaskNaming " + naming);
            ChatClient plain = ChatClient.builder(new ScriptedChatModel(baseline), baseline, null, null)
                    .build();
            ChatClient reported = ChatClient.builder(new ScriptedChatModel(observed), observed, null, null)
                    .build();
            ToolCallback[] tools = ToolCallbacks.from(new OrderTools());

            System.out.printf(
                    "calls measured: %d of each kind (after %d warm-up), batches of %d, flushed between%n",
                    measured, warmup, BATCH);
            for (boolean withTool : new boolean[] {false, true}) {
                run(plain, reported, withTool ? tools : null, oceum, warmup);
                long[][] t = run(plain, reported, withTool ? tools : null, oceum, measured);
                String kind = withTool ? "one tool round trip" : "one model call";
                print(kind + ", wall", t[0], t[1]);
                print(kind + ", CPU ", t[2], t[3]);
            }
            OceumStats stats = oceum.stats();
            System.out.printf(
                    "events: accepted %d, sent %d, dropped %d%n", stats.accepted(), stats.sent(), stats.droppedTotal());
        }
    }

    /** Per call: {wall without, wall with, cpu without, cpu with}. */
    private static long[][] run(ChatClient plain, ChatClient reported, ToolCallback[] tools, Oceum oceum, int calls) {
        long[][] t = new long[4][calls];
        for (int done = 0; done < calls; done += BATCH) {
            int end = Math.min(calls, done + BATCH);
            for (int i = done; i < end; i++) {
                long c0 = THREADS.getCurrentThreadCpuTime();
                long t0 = System.nanoTime();
                call(plain, tools);
                long t1 = System.nanoTime();
                long c1 = THREADS.getCurrentThreadCpuTime();
                call(reported, tools);
                long t2 = System.nanoTime();
                long c2 = THREADS.getCurrentThreadCpuTime();
                t[0][i] = t1 - t0;
                t[1][i] = t2 - t1;
                t[2][i] = c1 - c0;
                t[3][i] = c2 - c1;
            }
            oceum.flush(Duration.ofSeconds(30));
        }
        return t;
    }

    private static String call(ChatClient chat, ToolCallback[] tools) {
        ChatClient.ChatClientRequestSpec request = chat.prompt().user("Where is my order o-4812?");
        return (tools == null ? request : request.toolCallbacks(tools)).call().content();
    }

    private static void print(String what, long[] without, long[] with) {
        Arrays.sort(without);
        Arrays.sort(with);
        System.out.printf(
                "%-30s noop handler: median %6.1f us, p90 %6.1f us | with Oceum: median %6.1f us, p90 %6.1f us"
                        + " | added: median %5.1f us, p90 %5.1f us%n",
                what,
                us(without, 0.5),
                us(without, 0.9),
                us(with, 0.5),
                us(with, 0.9),
                us(with, 0.5) - us(without, 0.5),
                us(with, 0.9) - us(without, 0.9));
    }

    private static double us(long[] sorted, double quantile) {
        return sorted[(int) Math.min(sorted.length - 1, Math.round(quantile * (sorted.length - 1)))] / 1000.0;
    }
}
