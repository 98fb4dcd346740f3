package ai.oceum.langchain4j.agentic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;

import ai.oceum.Oceum;
import ai.oceum.TaskScope;
import ai.oceum.langchain4j.OceumChatModelListener;
import ai.oceum.langchain4j.OceumLangChain4jOptions;
import ai.oceum.langchain4j.agentic.Agents.Editor;
import ai.oceum.langchain4j.agentic.Agents.Expert;
import ai.oceum.langchain4j.agentic.Agents.Writer;
import ai.oceum.langchain4j.agentic.ScriptedModel.Answer;
import ai.oceum.langchain4j.agentic.Trace.Task;
import ai.oceum.testing.LogCapture;
import ai.oceum.testing.TestClients;
import ai.oceum.testing.TestReceiver;
import ai.oceum.testing.TestReceiver.Reply;
import dev.langchain4j.agentic.AgenticServices;
import dev.langchain4j.agentic.UntypedAgent;
import dev.langchain4j.agentic.observability.AfterAgentToolExecution;
import dev.langchain4j.agentic.observability.AgentInvocationError;
import dev.langchain4j.agentic.observability.AgentRequest;
import dev.langchain4j.agentic.observability.BeforeAgentToolExecution;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Never hurt the host: concurrent runs stay apart, a client that cannot report changes nothing,
 * no callback throws, a run ended by an {@link Error} leaves nothing on any thread and is closed
 * by the expiry, and state stays bounded.
 */
@Timeout(60)
class RobustnessTest {
    private final Harness h = new Harness();
    private final List<ExecutorService> pools = new ArrayList<>();

    @AfterEach
    void stop() throws InterruptedException {
        for (ExecutorService pool : pools) {
            pool.shutdownNow();
            pool.awaitTermination(5, TimeUnit.SECONDS);
        }
        h.close();
    }

    private ExecutorService pool(int threads, String name) {
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> new Thread(r, name));
        pools.add(pool);
        return pool;
    }

    /** Writer: 1000 * n tokens in for topic "t<n>"; editor 7/7. */
    private ScriptedModel model(Oceum oceum, CountDownLatch writersTogether) {
        return new ScriptedModel(
                "scripted",
                request -> {
                    String p = ScriptedModel.prompt(request);
                    if (p.startsWith("Write")) {
                        writersTogether.countDown();
                        try {
                            writersTogether.await(10, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        int n = Integer.parseInt(p.substring(p.lastIndexOf('t') + 1));
                        return Answer.text("STORY" + n, 1000 * n, n);
                    }
                    return Answer.text("EDITED", 7, 7);
                },
                new OceumChatModelListener(oceum));
    }

    private UntypedAgent story(ScriptedModel m, OceumAgentListener listener) {
        return AgenticServices.sequenceBuilder()
                .name("story")
                .subAgents(
                        AgenticServices.agentBuilder(Writer.class).chatModel(m).build(),
                        AgenticServices.agentBuilder(Editor.class).chatModel(m).build())
                .outputKey("story")
                .listener(listener)
                .build();
    }

    @Test
    void eightConcurrentRootRunsOfOneWorkflowStayApart() throws Exception {
        CountDownLatch together = new CountDownLatch(8);
        OceumAgentListener listener = new OceumAgentListener(h.oceum);
        UntypedAgent flow = story(model(h.oceum, together), listener);
        ExecutorService callers = pool(8, "caller");
        List<Future<Object>> results = new ArrayList<>();
        for (int n = 1; n <= 8; n++) {
            String topic = "t" + n;
            results.add(callers.submit(() -> flow.invoke(Map.of("topic", topic))));
        }
        for (Future<Object> f : results) {
            assertThat(f.get(30, TimeUnit.SECONDS)).isEqualTo("EDITED");
        }

        Trace t = h.trace();
        t.assertAllEnded();
        List<Task> roots = t.named("story");
        assertThat(roots).hasSize(8);
        assertThat(roots).extracting(r -> r.meta().path("memoryId").asText()).doesNotHaveDuplicates();
        List<Long> writerTokens = new ArrayList<>();
        for (Task root : roots) {
            List<Task> children = t.children(root);
            assertThat(children).extracting(c -> c.name).containsExactly("writer", "editor");
            Task writer = children.get(0);
            writerTokens.add(writer.ownInput());
            assertThat(writer.ownOutput() * 1000).isEqualTo(writer.ownInput());
            assertThat(root.subtreeInput()).isEqualTo(writer.ownInput() + 7);
            assertThat(t.usageOf(writer))
                    .singleElement()
                    .satisfies(u -> assertThat(u.path("tokensInput").asLong()).isEqualTo(writer.ownInput()));
        }
        assertThat(writerTokens).containsExactlyInAnyOrder(1000L, 2000L, 3000L, 4000L, 5000L, 6000L, 7000L, 8000L);
        assertThat(listener.openRuns()).isZero();
        assertThat(listener.openInvocations()).isZero();
    }

    @Test
    void aClosedClientNeverChangesTheWorkflowsResult() {
        Oceum closed = TestClients.builder(h.receiver, "closed").build();
        closed.close();
        OceumAgentListener listener = new OceumAgentListener(closed);

        Object result = story(model(closed, new CountDownLatch(0)), listener).invoke(Map.of("topic", "t3"));

        assertThat(result).isEqualTo("EDITED");
        assertThat(listener.openRuns()).isZero();
        assertThat(closed.stats().sent()).isZero();
    }

    @Test
    void aReceiverAnsweringErrorsNeverChangesTheWorkflowsResult() {
        try (TestReceiver failing = TestReceiver.start()) {
            failing.respondWith(request -> Reply.status(500));
            Oceum oceum = TestClients.builder(failing, "failing").maxRetries(0).build();
            try {
                OceumAgentListener listener = new OceumAgentListener(oceum);
                Object result =
                        story(model(oceum, new CountDownLatch(0)), listener).invoke(Map.of("topic", "t2"));

                assertThat(result).isEqualTo("EDITED");
                assertThat(listener.openRuns()).isZero();
                assertThat(oceum.flush(Duration.ofSeconds(10))).isTrue();
                assertThat(oceum.stats().sent()).isZero();
                assertThat(oceum.stats().droppedTotal()).isEqualTo(oceum.stats().accepted());
            } finally {
                oceum.close(Duration.ZERO);
            }
        }
    }

    @Test
    void aClientThatThrowsFromEveryMethodNeverChangesTheWorkflowsResult() throws Exception {
        // The real client never throws; this one does, from every method, as a bug in it would.
        Oceum throwing = mock(Oceum.class, invocation -> {
            throw new IllegalStateException("broken client");
        });
        OceumAgentListener listener = new OceumAgentListener(throwing);
        UntypedAgent sequence = story(model(throwing, new CountDownLatch(0)), listener);
        ScriptedModel panelModel = new ScriptedModel(
                "scripted", request -> Answer.text("VIEW", 3, 3), new OceumChatModelListener(throwing));
        UntypedAgent parallel = AgenticServices.parallelBuilder()
                .name("panel")
                .executor(pool(2, "branch"))
                .subAgents(
                        AgenticServices.agentBuilder(Expert.class)
                                .name("first")
                                .outputKey("first")
                                .chatModel(panelModel)
                                .build(),
                        AgenticServices.agentBuilder(Expert.class)
                                .name("second")
                                .outputKey("second")
                                .chatModel(panelModel)
                                .build())
                .output(scope -> scope.readState("first", "") + "+" + scope.readState("second", ""))
                .outputKey("views")
                .listener(listener)
                .build();

        try (LogCapture logs = LogCapture.start()) {
            assertThat(sequence.invoke(Map.of("topic", "t1"))).isEqualTo("EDITED");
            assertThat(parallel.invoke(Map.of("role", "r", "question", "q"))).isEqualTo("VIEW+VIEW");
            try (TaskScope around = h.oceum.startTask("around")) {
                assertThat(sequence.invoke(Map.of("topic", "t2"))).isEqualTo("EDITED");
                assertThat(TaskScope.current())
                        .as("the caller's own task is still current")
                        .contains(around);
            }
            assertThat(logs.warnings()).allSatisfy(w -> assertThat(w).doesNotContain(TestClients.API_KEY));
        }
        assertThat(TaskScope.current()).isEmpty();
    }

    @Test
    void noCallbackThrowsWhateverLangChain4jHandsIt() {
        OceumAgentListener listener = new OceumAgentListener(h.oceum);
        try (LogCapture logs = LogCapture.start()) {
            assertThatCode(() -> {
                        listener.beforeAgentInvocation(new AgentRequest(null, null, null));
                        listener.onAgentInvocationError(new AgentInvocationError(null, null, null, null));
                        listener.onAgenticSystemSuspended(null);
                        listener.beforeAgenticScopeDestroyed(null);
                        // The two LangChain4j does not guard: an exception there would fail the user's agent.
                        listener.beforeAgentToolExecution(new BeforeAgentToolExecution(null, null));
                        listener.afterAgentToolExecution(new AfterAgentToolExecution(null, null));
                        listener.beforeAgentToolExecution(null);
                        listener.afterAgentToolExecution(null);
                        listener.afterAgentInvocation(null);
                    })
                    .doesNotThrowAnyException();
            // (Diagnostics are rate-limited per kind and JVM: which of them show depends on the tests before.)
            assertThat(logs.warnings()).allSatisfy(w -> assertThat(w).doesNotContain(TestClients.API_KEY));
        }
    }

    @Test
    void anErrorInAParallelBranchIsReportedAndLeavesNothingOnThePoolThread() throws Exception {
        ExecutorService branchPool = pool(1, "branch-pool");
        OceumAgentListener listener = new OceumAgentListener(h.oceum);
        ScriptedModel bad = new ScriptedModel(
                "bad",
                request -> {
                    throw new AssertionError("the JVM-level failure of a branch");
                },
                h.modelListener());
        ScriptedModel ok = new ScriptedModel("ok", request -> Answer.text("fine", 50, 5), h.modelListener());
        UntypedAgent par = AgenticServices.parallelBuilder()
                .name("panel")
                .executor(branchPool)
                .subAgents(
                        AgenticServices.agentBuilder(Expert.class)
                                .name("fine")
                                .outputKey("b")
                                .chatModel(ok)
                                .build(),
                        AgenticServices.agentBuilder(Expert.class)
                                .name("doomed")
                                .outputKey("a")
                                .chatModel(bad)
                                .build())
                .listener(listener)
                .build();

        // LangChain4j calls agents reflectively: the Error arrives wrapped, as a failure with callbacks.
        assertThatThrownBy(() -> par.invoke(Map.of("role", "r", "question", "q")))
                .hasRootCauseInstanceOf(AssertionError.class);

        assertThat(listener.openInvocations()).isZero();
        assertThat(listener.openRuns()).isZero();
        assertThat(TaskScope.current()).isEmpty();
        // The pool thread that ran the branch carries nothing: a later call there belongs to no task.
        Future<Boolean> clean = branchPool.submit(() -> {
            ok.chat(ChatRequest.builder()
                    .messages(List.of(UserMessage.from("hello")))
                    .build());
            return TaskScope.current().isEmpty()
                    && OceumAgentic.currentAgentTask().isEmpty();
        });
        assertThat(clean.get(10, TimeUnit.SECONDS)).isTrue();
        Trace t = h.trace();
        t.assertAllEnded();
        Task doomed = t.only("doomed");
        // Two model calls answered: the branch "fine" (its task) and the later one on the pool thread
        // (no task). Told apart by what they carry: events of different tasks may arrive in any order.
        assertThat(t.usage).hasSize(2);
        assertThat(t.usageOf(t.only("fine"))).hasSize(1);
        assertThat(t.usage).filteredOn(u -> !u.has("taskId")).hasSize(1);
        assertThat(doomed.status()).isEqualTo("failed");
        assertThat(doomed.end.path("type").asText()).isEqualTo(AssertionError.class.getName());
        assertThat(t.only("fine").status()).isEqualTo("completed");
        assertThat(t.only("panel").endMeta().path("failedTaskId").asText()).isEqualTo(doomed.id);
    }

    /** A root whose output function throws an Error: LangChain4j catches Exceptions only, so no callback ends it. */
    private static UntypedAgent rootEndedByAnError(ScriptedModel m, OceumAgentListener listener) {
        return AgenticServices.sequenceBuilder()
                .name("story")
                .subAgents(
                        AgenticServices.agentBuilder(Writer.class).chatModel(m).build())
                .output(scope -> {
                    throw new AssertionError("an Error LangChain4j does not catch");
                })
                .listener(listener)
                .build();
    }

    @Test
    void aRunEndedByAnErrorIsClosedAsAbandonedAfterTheExpiry() {
        AtomicLong clock = new AtomicLong();
        OceumLangChain4jOptions options = OceumLangChain4jOptions.builder()
                .stateExpiry(Duration.ofMinutes(1))
                .build();
        OceumAgentListener listener = new OceumAgentListener(() -> h.oceum, options, clock::get);
        UntypedAgent flow = rootEndedByAnError(model(h.oceum, new CountDownLatch(0)), listener);

        assertThatThrownBy(() -> flow.invoke(Map.of("topic", "t1"))).isInstanceOf(AssertionError.class);

        assertThat(TaskScope.current()).isEmpty();
        assertThat(listener.openRuns()).isOne();
        assertThat(listener.openInvocations()).isOne();
        clock.addAndGet(Duration.ofSeconds(59).toNanos());
        assertThat(listener.expireIdleRuns()).isZero();
        clock.addAndGet(Duration.ofSeconds(2).toNanos());
        assertThat(listener.expireIdleRuns()).isOne();

        assertThat(listener.openRuns()).isZero();
        assertThat(listener.openInvocations()).isZero();
        Trace t = h.trace();
        t.assertAllEnded();
        assertThat(t.only("writer").status()).isEqualTo("completed");
        Task story = t.only("story");
        assertThat(story.status()).isEqualTo("abandoned");
        assertThat(story.end.path("type").asText()).isEqualTo(AbandonedAgentTaskException.class.getName());
        assertThat(story.end.path("message").asText()).contains("showed no event for PT1M");
        assertThat(story.subtreeInput()).isEqualTo(1000);
    }

    @Test
    void theNumberOfOpenInvocationsIsBounded() {
        OceumLangChain4jOptions options =
                OceumLangChain4jOptions.builder().maxOpenInvocations(2).build();
        OceumAgentListener listener = new OceumAgentListener(h.oceum, options);
        UntypedAgent flow = rootEndedByAnError(model(h.oceum, new CountDownLatch(0)), listener);

        try (LogCapture logs = LogCapture.start()) {
            for (int i = 0; i < 5; i++) {
                assertThatThrownBy(() -> flow.invoke(Map.of("topic", "t1"))).isInstanceOf(AssertionError.class);
                assertThat(listener.openInvocations()).isLessThanOrEqualTo(2);
            }
            assertThat(listener.openRuns()).isEqualTo(2);
            assertThat(logs.warnings()).anySatisfy(w -> assertThat(w).contains("at most 2 agent invocations"));
        }
        Trace t = h.trace();
        List<Task> evicted =
                t.named("story").stream().filter(x -> x.endType != null).toList();
        assertThat(evicted)
                .hasSize(3)
                .allSatisfy(x -> assertThat(x.end.path("message").asText()).contains("was evicted"));
    }
}
