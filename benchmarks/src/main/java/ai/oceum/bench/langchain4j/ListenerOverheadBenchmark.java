package ai.oceum.bench.langchain4j;

import ai.oceum.Oceum;
import ai.oceum.bench.support.BenchClients;
import ai.oceum.bench.support.Receivers;
import ai.oceum.langchain4j.OceumChatModelListener;
import ai.oceum.langchain4j.OceumLangChain4j;
import dev.langchain4j.service.AiServices;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
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
 * What the Oceum listeners add to one {@code AiServices} call: the same AI service over the same
 * in-process {@link ScriptedModel}, without listeners ({@code none}) or with
 * {@link OceumChatModelListener} on the model and {@link OceumLangChain4j#instrument} on the
 * service ({@code oceum}: a task per invocation, a usage event per model call, tool calls timed),
 * and with no tool or one tool round trip (two model calls).
 *
 * <p>The client sends to a loopback sink ({@code receiver=healthy}) or to a closed port
 * ({@code down}: after its first failed requests the sender holds, as in an outage). Each
 * iteration gets a fresh client with a large queue and a fresh service, so the measured path is
 * "events queued", not "queue full, dropped". Called back to back, the service makes events far
 * faster than any sender delivers them: with a healthy sink the sender and the HTTP client run
 * flat out beside the measured thread (on 2 CPUs they take CPU from it); with {@code down} they
 * are idle and the figure is the listeners' own cost.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 200, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 10, time = 200, timeUnit = TimeUnit.MILLISECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class ListenerOverheadBenchmark {
    /** Enough for the events of one iteration (3 to 4 per invocation at a few µs each). */
    private static final int QUEUE = 2_000_000;

    /** {@code none}: plain LangChain4j; {@code oceum}: both Oceum listeners registered. */
    @Param({"none", "oceum"})
    public String listeners;

    /** {@code none}: one model call; {@code one}: the model asks for a tool, then answers. */
    @Param({"none", "one"})
    public String tools;

    /** {@code healthy}: a loopback sink answers 200; {@code down}: nothing listens, the sender holds. */
    @Param({"healthy", "down"})
    public String receiver;

    private Receivers.Endpoint endpoint;
    private Oceum oceum;
    private Assistant assistant;

    @Setup(Level.Trial)
    public void startSink() throws IOException {
        endpoint = Receivers.of(receiver);
    }

    @Setup(Level.Iteration)
    public void buildService() {
        AiServices<Assistant> builder = AiServices.builder(Assistant.class);
        ScriptedModel model;
        if (listeners.equals("oceum")) {
            oceum = BenchClients.builder(endpoint.url()).queueCapacity(QUEUE).build();
            builder = OceumLangChain4j.instrument(builder, oceum);
            model = new ScriptedModel(List.of(new OceumChatModelListener(oceum)));
        } else {
            model = new ScriptedModel(List.of());
        }
        builder.chatModel(model);
        if (tools.equals("one")) {
            builder.tools(new OrderTools());
        }
        assistant = builder.build();
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
        endpoint.close();
    }

    @Benchmark
    public String chat() {
        return assistant.chat("Where is my order o-4812?");
    }
}
