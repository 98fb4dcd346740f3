package ai.oceum.bench.springai;

import ai.oceum.Oceum;
import ai.oceum.bench.support.BenchClients;
import ai.oceum.bench.support.Receivers;
import ai.oceum.springai.AgentTaskNaming;
import ai.oceum.springai.OceumSpringAi;
import ai.oceum.springai.OceumSpringAiOptions;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
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
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.support.ToolCallbacks;
import org.springframework.ai.tool.ToolCallback;

/**
 * What the Oceum observation handler adds to one Spring AI {@code ChatClient} call: the same call
 * over the same in-process {@link ScriptedChatModel}, on a registry
 * <ul>
 *   <li>{@code none}: without any handler (Micrometer then skips observing altogether);</li>
 *   <li>{@code noop}: with a handler that accepts every observation and does nothing — the state
 *       of an application whose registry already has handlers (Spring Boot with Actuator's
 *       metrics): the baseline the Oceum handler is compared with;</li>
 *   <li>{@code oceum}: with that same handler and {@code OceumSpringAi.register(..)} (a task per
 *       call, a usage event per model call, tool calls timed);</li>
 * </ul>
 * with no tool (one model call) or one tool round trip (two model calls and a tool).
 *
 * <p>No task is open around the calls, so whether the handler looks for an {@code @AgentTask}
 * method on the caller's stack (its most expensive step; none is found) is as {@code naming} says:
 * {@code auto} (the default: the first 64 calls, then one in 64), {@code always} (every call) or
 * {@code off}; the last two with {@code -p naming=always,off}.
 *
 * <p>The client sends to a loopback sink ({@code receiver=healthy}) or to a closed port
 * ({@code down}: after its first failed requests the sender holds, as in an outage). Each
 * iteration gets a fresh client with a large queue, so the measured path is "events queued", not
 * "queue full, dropped". Called back to back, the calls make events far faster than any sender
 * delivers them: with a healthy sink the sender and the HTTP client run flat out beside the
 * measured thread (on 2 CPUs they take CPU from it); with {@code down} they are idle and the
 * figure is the handler's own cost. The receiver matters only to {@code oceum}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 200, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 10, time = 200, timeUnit = TimeUnit.MILLISECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class ChatClientOverheadBenchmark {
    /** Enough for the events of one iteration (3 to 4 per call at a few µs each). */
    private static final int QUEUE = 2_000_000;

    /** {@code none}, {@code noop} or {@code oceum}: see the class comment. */
    @Param({"none", "noop", "oceum"})
    public String handler;

    /** {@code none}: one model call; {@code one}: the model asks for a tool, then answers. */
    @Param({"none", "one"})
    public String tools;

    /** {@code healthy}: a loopback sink answers 200; {@code down}: nothing listens, the sender holds. */
    @Param({"healthy", "down"})
    public String receiver;

    /** The handler's {@link AgentTaskNaming}, in lower case. */
    @Param({"auto"})
    public String naming;

    private Receivers.Endpoint endpoint;
    private Oceum oceum;
    private ChatClient chat;
    private ToolCallback[] orderTools;

    @Setup(Level.Trial)
    public void startSink() throws IOException {
        endpoint = Receivers.of(receiver);
    }

    @Setup(Level.Iteration)
    public void buildClient() {
        ObservationRegistry registry = ObservationRegistry.create();
        if (!handler.equals("none")) {
            registry.observationConfig().observationHandler(new NoopHandler());
        }
        if (handler.equals("oceum")) {
            oceum = BenchClients.builder(endpoint.url()).queueCapacity(QUEUE).build();
            OceumSpringAi.register(
                    registry,
                    oceum,
                    OceumSpringAiOptions.builder()
                            .agentTaskNaming(AgentTaskNaming.valueOf(naming.toUpperCase(Locale.ROOT)))
                            .build());
        }
        chat = ChatClient.builder(new ScriptedChatModel(registry), registry, null, null)
                .build();
        // Built once: ToolCallbacks.from(..) reflects over the tool class and derives its JSON schema
        // (about 0.3 ms), which .tools(object) would redo on every call, hiding what is measured.
        orderTools = tools.equals("one") ? ToolCallbacks.from(new OrderTools()) : null;
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
    public String call() {
        ChatClient.ChatClientRequestSpec request = chat.prompt().user("Where is my order o-4812?");
        return (orderTools == null ? request : request.toolCallbacks(orderTools))
                .call()
                .content();
    }

    /** Accepts every observation and does nothing: what a registry with other handlers costs anyway. */
    public static final class NoopHandler implements ObservationHandler<Observation.Context> {
        @Override
        public boolean supportsContext(Observation.Context context) {
            return true;
        }
    }
}
