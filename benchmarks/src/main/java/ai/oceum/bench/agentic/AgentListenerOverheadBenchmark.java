package ai.oceum.bench.agentic;

import ai.oceum.Oceum;
import ai.oceum.bench.langchain4j.ScriptedModel;
import ai.oceum.bench.support.BenchClients;
import ai.oceum.bench.support.LoopbackSink;
import ai.oceum.langchain4j.OceumChatModelListener;
import ai.oceum.langchain4j.agentic.OceumAgentic;
import dev.langchain4j.agentic.AgenticServices;
import dev.langchain4j.agentic.UntypedAgent;
import dev.langchain4j.agentic.observability.AgentListener;
import dev.langchain4j.agentic.workflow.SequentialAgentService;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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
 * What the Oceum listeners add to one run of a LangChain4j agentic workflow: a sequence of
 * {@value #AGENTS} AI agents, one model call each, on the in-process {@link ScriptedModel} — so
 * {@value #INVOCATIONS} agent invocations per run (the root and its agents) and
 * {@value #AGENTS} model calls.
 *
 * <ul>
 *   <li>{@code none}: plain LangChain4j, no listener;</li>
 *   <li>{@code noop}: an inherited {@link AgentListener} and a {@link ChatModelListener} that do
 *       nothing: what LangChain4j itself spends on having listeners (it builds request and
 *       response records, looks up the last chat response per agent, …);</li>
 *   <li>{@code model}: {@link OceumChatModelListener} on the model only (what a user of the plain
 *       LangChain4j adapter already pays: a {@code usage} event per call);</li>
 *   <li>{@code agentic}: the same plus {@link OceumAgentic#instrument} on the root (a task per
 *       invocation, usage tied to each agent, tool summaries, statuses);</li>
 *   <li>{@code agentic-disabled}: both listeners on {@link Oceum#disabled()}: everything the
 *       adapters and the core do on the calling thread except queueing the events (which wakes
 *       the sender thread, and competes with it for CPU while it sends).</li>
 * </ul>
 * Per agent invocation: ({@code agentic} − {@code noop}) / {@value #INVOCATIONS} is what Oceum
 * adds over any listener, ({@code agentic} − {@code none}) / {@value #INVOCATIONS} the whole cost
 * of observing the workflow with Oceum.
 *
 * <p>The client sends to a loopback sink; each iteration gets a fresh client with a large queue
 * and a fresh workflow, so the measured path is "events queued", not "queue full, dropped".
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 200, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 10, time = 200, timeUnit = TimeUnit.MILLISECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class AgentListenerOverheadBenchmark {
    /** AI agents in the measured sequence. */
    public static final int AGENTS = 4;
    /** Agent invocations per run: the root sequence and its agents. */
    public static final int INVOCATIONS = AGENTS + 1;
    /** Enough for the events of one iteration (about 14 per run at some tens of µs each). */
    private static final int QUEUE = 2_000_000;

    private static final Map<String, Object> INPUT = Map.of("text", "Where is my order o-4812?");

    /** Which listeners are registered (see the class comment). */
    @Param({"none", "noop", "model", "agentic", "agentic-disabled"})
    public String listeners;

    private LoopbackSink sink;
    private Oceum oceum;
    private UntypedAgent workflow;

    @Setup(Level.Trial)
    public void startSink() throws IOException {
        sink = LoopbackSink.start(2);
    }

    @Setup(Level.Iteration)
    public void buildWorkflow() {
        List<ChatModelListener> modelListeners = List.of();
        if (listeners.equals("noop")) {
            modelListeners = List.of(new ChatModelListener() {});
        } else if (listeners.equals("agentic-disabled")) {
            oceum = Oceum.disabled();
            modelListeners = List.of(new OceumChatModelListener(oceum));
        } else if (!listeners.equals("none")) {
            oceum = BenchClients.builder(sink.baseUrl()).queueCapacity(QUEUE).build();
            modelListeners = List.of(new OceumChatModelListener(oceum));
        }
        ScriptedModel model = new ScriptedModel(modelListeners);
        Object[] steps = new Object[AGENTS];
        for (int i = 0; i < AGENTS; i++) {
            steps[i] = AgenticServices.agentBuilder(Step.class)
                    .name("step" + i)
                    .chatModel(model)
                    .build();
        }
        SequentialAgentService<UntypedAgent> builder =
                AgenticServices.sequenceBuilder().name("pipeline");
        if (listeners.startsWith("agentic")) {
            builder = OceumAgentic.instrument(builder, oceum);
        } else if (listeners.equals("noop")) {
            builder = builder.listener(new AgentListener() {
                @Override
                public boolean inheritedBySubagents() {
                    return true;
                }
            });
        }
        workflow = builder.subAgents(steps).outputKey("text").build();
    }

    @TearDown(Level.Iteration)
    public void closeClient() {
        if (oceum != null) {
            oceum.close(Duration.ZERO);
            oceum = null;
        }
    }

    @TearDown(Level.Trial)
    public void stopSink() {
        sink.close();
    }

    @Benchmark
    public Object run() {
        return workflow.invoke(INPUT);
    }
}
