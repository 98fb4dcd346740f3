package ai.oceum.bench.agentic;

import ai.oceum.Oceum;
import ai.oceum.bench.langchain4j.ScriptedModel;
import ai.oceum.bench.support.BenchClients;
import ai.oceum.bench.support.LoopbackSink;
import ai.oceum.langchain4j.OceumChatModelListener;
import ai.oceum.langchain4j.agentic.OceumAgentListener;
import dev.langchain4j.agentic.AgenticServices;
import dev.langchain4j.agentic.UntypedAgent;
import dev.langchain4j.agentic.observability.AgentListener;
import dev.langchain4j.agentic.observability.AgentRequest;
import dev.langchain4j.agentic.observability.AgentResponse;
import dev.langchain4j.invocation.LangChain4jManaged;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.listener.ChatModelRequestContext;
import dev.langchain4j.model.chat.listener.ChatModelResponseContext;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
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
 * The listeners' own cost per agent invocation, without LangChain4j's run around it (whose
 * variance on a shared machine is larger than what is measured): the callbacks of one real run of
 * a sequence of {@value AgentListenerOverheadBenchmark#AGENTS} AI agents are recorded once, with
 * LangChain4j's own request, response and scope objects, and each operation replays them in order
 * — {@value AgentListenerOverheadBenchmark#INVOCATIONS} before/after pairs and
 * {@value AgentListenerOverheadBenchmark#AGENTS} model calls, each model call with LangChain4j's
 * scope thread-local set as it was.
 *
 * <ul>
 *   <li>{@code model}: the model calls go to {@link OceumChatModelListener} (what the plain
 *       LangChain4j adapter costs: one {@code usage} event per call); the agent callbacks to
 *       nothing;</li>
 *   <li>{@code agentic}: the agent callbacks go to {@link OceumAgentListener} as well (a task per
 *       invocation, each model call tied to its agent).</li>
 * </ul>
 * Per agent invocation, the agent listener adds ({@code agentic} − {@code model}) /
 * {@value AgentListenerOverheadBenchmark#INVOCATIONS}. {@code client}: {@code loopback} queues the
 * events for a loopback sink (a fresh client with room for them every iteration), {@code disabled}
 * builds them but queues nothing.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 200, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 10, time = 200, timeUnit = TimeUnit.MILLISECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class AgentCallbacksBenchmark {
    /** Room for one 200 ms iteration's events (14 per operation, a few µs each). */
    private static final int QUEUE = 4_000_000;

    /** Which listeners get the callbacks (see the class comment). */
    @Param({"model", "agentic"})
    public String listeners;

    /** Where the events go (see the class comment). */
    @Param({"loopback", "disabled"})
    public String client;

    private final List<Object> recorded = new ArrayList<>();
    private LoopbackSink sink;
    private Oceum oceum;
    private AgentListener agentListener;
    private ChatModelListener modelListener;

    @Setup(Level.Trial)
    public void record() throws IOException {
        sink = LoopbackSink.start(2);
        ScriptedModel model = new ScriptedModel(List.of(new Recorder()));
        Object[] steps = new Object[AgentListenerOverheadBenchmark.AGENTS];
        for (int i = 0; i < steps.length; i++) {
            steps[i] = AgenticServices.agentBuilder(Step.class)
                    .name("step" + i)
                    .chatModel(model)
                    .build();
        }
        UntypedAgent workflow = AgenticServices.sequenceBuilder()
                .name("pipeline")
                .subAgents(steps)
                .outputKey("text")
                .listener(new Recorder())
                .build();
        workflow.invoke(Map.of("text", "Where is my order o-4812?"));
        if (recorded.size()
                != 2 * AgentListenerOverheadBenchmark.INVOCATIONS + 2 * AgentListenerOverheadBenchmark.AGENTS) {
            throw new IllegalStateException("unexpected callbacks recorded: " + recorded.size());
        }
    }

    @Setup(Level.Iteration)
    public void newClient() {
        oceum = client.equals("disabled")
                ? Oceum.disabled()
                : BenchClients.builder(sink.baseUrl()).queueCapacity(QUEUE).build();
        modelListener = new OceumChatModelListener(oceum);
        agentListener = listeners.equals("agentic") ? new OceumAgentListener(oceum) : new AgentListener() {};
    }

    @TearDown(Level.Iteration)
    public void closeClient() {
        oceum.close(Duration.ZERO);
    }

    @TearDown(Level.Trial)
    public void stopSink() {
        sink.close();
    }

    /** One run's callbacks, in the order LangChain4j made them. */
    @Benchmark
    public int replayRun() {
        int n = 0;
        for (Object event : recorded) {
            if (event instanceof AgentRequest r) {
                agentListener.beforeAgentInvocation(r);
            } else if (event instanceof AgentResponse r) {
                agentListener.afterAgentInvocation(r);
            } else if (event instanceof ModelRequest m) {
                LangChain4jManaged.setCurrent(m.managed);
                modelListener.onRequest(m.context);
            } else if (event instanceof ModelResponse m) {
                modelListener.onResponse(m.context);
                LangChain4jManaged.removeCurrent();
            }
            n++;
        }
        return n;
    }

    private record ModelRequest(
            ChatModelRequestContext context, Map<Class<? extends LangChain4jManaged>, LangChain4jManaged> managed) {}

    private record ModelResponse(ChatModelResponseContext context) {}

    /** Records every callback of the run it is registered on (inherited by every agent). */
    private final class Recorder implements AgentListener, ChatModelListener {
        @Override
        public boolean inheritedBySubagents() {
            return true;
        }

        @Override
        public void beforeAgentInvocation(AgentRequest request) {
            recorded.add(request);
        }

        @Override
        public void afterAgentInvocation(AgentResponse response) {
            recorded.add(response);
        }

        @Override
        public void onRequest(ChatModelRequestContext context) {
            recorded.add(new ModelRequest(context, LangChain4jManaged.current()));
        }

        @Override
        public void onResponse(ChatModelResponseContext context) {
            recorded.add(new ModelResponse(context));
        }
    }
}
