package ai.oceum.annotation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.oceum.Oceum;
import ai.oceum.TaskContext;
import ai.oceum.TaskScope;
import ai.oceum.Usage;
import ai.oceum.testing.TestReceiver;
import ai.oceum.testing.TestReceiver.Recorded;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AgentTaskProxyTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private TestReceiver receiver;
    private Oceum oceum;

    @BeforeEach
    void start() {
        receiver = TestReceiver.start();
        oceum = Oceum.builder()
                .apiKey("test-key")
                .agentId("proxy-test")
                .baseUrl(receiver.baseUrl())
                .shutdownHook(false)
                .build();
    }

    @AfterEach
    void stop() {
        oceum.close();
        receiver.close();
    }

    // ------------------------------------------------------------------ test types

    /** The agent interface; {@code classify} is annotated here, {@code summarize} only on the class. */
    public interface Triage {
        @AgentTask("triage-ticket")
        String classify(String ticket);

        String summarize(String ticket);

        @AgentTask
        String escalate(String ticket) throws IOException;

        String plain();

        @AgentTask("from-interface")
        String overridden();

        @AgentTask("greet")
        default String greet(String who) {
            return "hello " + who;
        }
    }

    static class TriageAgent implements Triage {
        Runnable inside = () -> {};
        IOException toThrow;

        @Override
        public String classify(String ticket) {
            inside.run();
            return "billing:" + ticket;
        }

        @Override
        @AgentTask
        public String summarize(String ticket) {
            return "summary of " + ticket;
        }

        @Override
        public String escalate(String ticket) throws IOException {
            throw toThrow;
        }

        @Override
        public String plain() {
            return "plain";
        }

        @Override
        @AgentTask("from-class")
        public String overridden() {
            return "o";
        }

        @Override
        public String toString() {
            return "TriageAgent#1";
        }
    }

    public interface Async {
        @AgentTask("async-task")
        CompletableFuture<String> run();
    }

    public interface Recursive {
        @AgentTask("walk")
        int walk(int depth);

        @AgentTask(value = "walk-each", recursive = true)
        int walkEach(int depth);
    }

    public interface Recorder {
        @AgentTask(value = "recorded", recordArguments = true)
        String take(Object a, Object b, int[] c);

        @AgentTask("not-recorded")
        String quiet(Object a);
    }

    public interface Step {
        @AgentTask("step")
        String step(String input);
    }

    public interface FanOut {
        @AgentTask("fan-out")
        List<String> run(int n) throws Exception;
    }

    // ------------------------------------------------------------------ helpers

    private Recorded one(String type) {
        return receiver.awaitEvents(type, 1, WAIT).get(0);
    }

    private List<Recorded> flushed(String type) {
        assertThat(oceum.flush(WAIT)).isTrue();
        return receiver.events(type);
    }

    private static String taskId(Recorded r) {
        return r.data().path("taskId").asText();
    }

    private Triage triage(TriageAgent agent) {
        return oceum.instrument(Triage.class, agent);
    }

    // ------------------------------------------------------------------ tests

    @Test
    void reportsStartAndCompletionOfAnInterfaceAnnotatedMethod() {
        String result = triage(new TriageAgent()).classify("T-1");

        assertThat(result).isEqualTo("billing:T-1");
        Recorded start = one("task_start");
        Recorded complete = one("task_complete");
        assertThat(start.data().path("taskName").asText()).isEqualTo("triage-ticket");
        assertThat(complete.data().path("taskName").asText()).isEqualTo("triage-ticket");
        assertThat(taskId(complete)).isEqualTo(taskId(start)).isNotBlank();
        assertThat(complete.data().has("durationMs")).isTrue();
        assertThat(complete.data().has("parentTaskId")).isFalse();
    }

    @Test
    void namesATaskAfterTheAnnotatedClassAndMethodByDefault() {
        triage(new TriageAgent()).summarize("T-2");

        assertThat(one("task_complete").data().path("taskName").asText()).isEqualTo("TriageAgent.summarize");
    }

    @Test
    void prefersTheImplementationsAnnotationOverTheInterfaces() {
        triage(new TriageAgent()).overridden();

        assertThat(flushed("task_start"))
                .extracting(r -> r.data().path("taskName").asText())
                .containsExactly("from-class");
    }

    @Test
    void leavesMethodsWithoutTheAnnotationAlone() {
        assertThat(triage(new TriageAgent()).plain()).isEqualTo("plain");

        assertThat(flushed("task_start")).isEmpty();
    }

    @Test
    void sumsTheUsageReportedInsideTheCall() {
        TriageAgent agent = new TriageAgent();
        agent.inside = () -> {
            oceum.reportUsage(Usage.of("gpt-4o-mini", 100, 20));
            oceum.reportUsage(Usage.of("gpt-4o-mini", 50, 10));
        };
        triage(agent).classify("T-3");

        JsonNode totals = one("task_complete").data().path("usageTotals");
        assertThat(totals.path("tokensInput").asLong()).isEqualTo(150);
        assertThat(totals.path("tokensOutput").asLong()).isEqualTo(30);
        assertThat(totals.path("calls").asLong()).isEqualTo(2);
    }

    @Test
    void rethrowsTheSameCheckedExceptionAndReportsTheTaskFailed() {
        TriageAgent agent = new TriageAgent();
        agent.toThrow = new IOException("ticket system down");

        assertThatThrownBy(() -> triage(agent).escalate("T-4")).isSameAs(agent.toThrow);

        Recorded error = one("error");
        assertThat(error.data().path("taskStatus").asText()).isEqualTo("failed");
        assertThat(error.data().path("taskName").asText()).isEqualTo("Triage.escalate");
        assertThat(error.data().path("message").asText()).isEqualTo("ticket system down");
        assertThat(taskId(error)).isEqualTo(taskId(one("task_start")));
        assertThat(flushed("task_complete")).isEmpty();
    }

    @Test
    void rethrowsTheSameUncheckedException() {
        IllegalStateException boom = new IllegalStateException("boom");
        TriageAgent agent = new TriageAgent();
        agent.inside = () -> {
            throw boom;
        };

        assertThatThrownBy(() -> triage(agent).classify("T-5")).isSameAs(boom);
        assertThat(one("error").data().path("taskStatus").asText()).isEqualTo("failed");
    }

    @Test
    void runsDefaultMethodsAsTasks() {
        assertThat(triage(new TriageAgent()).greet("ana")).isEqualTo("hello ana");

        assertThat(one("task_complete").data().path("taskName").asText()).isEqualTo("greet");
    }

    @Test
    void passesEqualsHashCodeAndToStringToTheTarget() {
        TriageAgent agent = new TriageAgent();
        Triage proxy = triage(agent);

        assertThat(proxy.toString()).isEqualTo("TriageAgent#1");
        assertThat(proxy.hashCode()).isEqualTo(agent.hashCode());
        assertThat(proxy.equals(proxy)).isTrue();
        assertThat(proxy.equals(triage(agent))).isTrue();
        assertThat(proxy.equals(triage(new TriageAgent()))).isFalse();
        assertThat(proxy.equals(null)).isFalse();
        assertThat(flushed("task_start")).isEmpty();
    }

    @Test
    void completesAnAsyncMethodsTaskWhenItsFutureCompletes() {
        CompletableFuture<String> pending = new CompletableFuture<>();
        Async proxy = oceum.instrument(Async.class, () -> pending);

        CompletableFuture<String> returned = proxy.run();

        assertThat(returned).isSameAs(pending);
        assertThat(one("task_start").data().path("taskName").asText()).isEqualTo("async-task");
        assertThat(flushed("task_complete"))
                .as("not complete before the future")
                .isEmpty();
        assertThat(TaskScope.current())
                .as("the task does not stay current on the caller")
                .isEmpty();

        pending.complete("done");

        assertThat(one("task_complete").data().path("taskName").asText()).isEqualTo("async-task");
        assertThat(returned.join()).isEqualTo("done");
    }

    @Test
    void failsAnAsyncMethodsTaskWhenItsFutureFails() {
        CompletableFuture<String> pending = new CompletableFuture<>();
        Async proxy = oceum.instrument(Async.class, () -> pending);
        IllegalStateException failure = new IllegalStateException("model timed out");

        CompletableFuture<String> returned = proxy.run();
        pending.completeExceptionally(failure);

        Recorded error = one("error");
        assertThat(error.data().path("taskStatus").asText()).isEqualTo("failed");
        assertThat(error.data().path("message").asText()).isEqualTo("model timed out");
        assertThat(returned).isCompletedExceptionally();
        assertThat(flushed("task_complete")).isEmpty();
    }

    @Test
    void reportsTheCauseWhenADependentFutureFails() {
        Async proxy = oceum.instrument(
                Async.class,
                () -> CompletableFuture.<String>completedFuture("x").thenApply(s -> {
                    throw new IllegalArgumentException("bad answer");
                }));

        proxy.run();

        assertThat(one("error").data().path("message").asText()).isEqualTo("bad answer");
    }

    @Test
    void makesNestedCallsChildTasks() {
        Step step = oceum.instrument(Step.class, input -> input + "!");
        TriageAgent agent = new TriageAgent();
        agent.inside = () -> step.step("inner");

        oceum.wrap("job", () -> triage(agent).classify("T-6"));

        List<Recorded> starts = receiver.awaitEvents("task_start", 3, WAIT);
        Recorded job = byName(starts, "job");
        Recorded classify = byName(starts, "triage-ticket");
        Recorded inner = byName(starts, "step");
        assertThat(classify.data().path("parentTaskId").asText()).isEqualTo(taskId(job));
        assertThat(inner.data().path("parentTaskId").asText()).isEqualTo(taskId(classify));
    }

    /** A proxy whose methods call themselves through the proxy, as a recursive agent would. */
    private Recursive recursiveProxy() {
        Recursive[] self = new Recursive[1];
        self[0] = oceum.instrument(Recursive.class, new Recursive() {
            @Override
            public int walk(int depth) {
                return depth == 0 ? 0 : 1 + self[0].walk(depth - 1);
            }

            @Override
            public int walkEach(int depth) {
                return depth == 0 ? 0 : 1 + self[0].walkEach(depth - 1);
            }
        });
        return self[0];
    }

    @Test
    void reportsOnlyTheOutermostCallOfARecursiveMethod() {
        Recursive recursive = recursiveProxy();

        assertThat(recursive.walk(500)).isEqualTo(500);
        assertThat(recursive.walk(3)).isEqualTo(3);

        assertThat(flushed("task_start")).hasSize(2);
        assertThat(receiver.events("task_complete")).hasSize(2);
    }

    @Test
    void reportsEveryLevelOfARecursiveMethodWhenAsked() {
        assertThat(recursiveProxy().walkEach(3)).isEqualTo(3);

        List<Recorded> starts = receiver.awaitEvents("task_start", 4, WAIT);
        assertThat(starts)
                .allSatisfy(s -> assertThat(s.data().path("taskName").asText()).isEqualTo("walk-each"));
        assertThat(starts.stream().filter(s -> !s.data().has("parentTaskId"))).hasSize(1);
        assertThat(receiver.awaitEvents("task_complete", 4, WAIT)).hasSize(4);
    }

    @Test
    void recordsArgumentsTruncatedWhenAsked() {
        Recorder proxy = oceum.instrument(Recorder.class, recorder());

        proxy.take("x".repeat(1000), null, new int[] {1, 2});

        JsonNode args = one("task_start").data().path("meta").path("arguments");
        assertThat(args).hasSize(3);
        assertThat(args.get(0).asText()).hasSize(257).startsWith("xxx").endsWith("…");
        assertThat(args.get(1).asText()).isEqualTo("null");
        assertThat(args.get(2).asText()).isEqualTo("[1, 2]");
    }

    @Test
    void recordsAThrowingToStringWithoutBreakingTheCall() {
        Recorder proxy = oceum.instrument(Recorder.class, recorder());
        Object hostile = new Object() {
            @Override
            public String toString() {
                throw new UnsupportedOperationException("no");
            }
        };

        assertThat(proxy.take(hostile, 7, null)).isEqualTo("took");

        JsonNode args = one("task_start").data().path("meta").path("arguments");
        assertThat(args.get(0).asText()).isEqualTo("[toString() threw java.lang.UnsupportedOperationException]");
        assertThat(args.get(1).asText()).isEqualTo("7");
        assertThat(one("task_complete").data().path("taskName").asText()).isEqualTo("recorded");
    }

    @Test
    void recordsNoArgumentsByDefault() {
        oceum.instrument(Recorder.class, recorder()).quiet("secret@example.com");

        assertThat(one("task_start").data().has("meta")).isFalse();
        assertThat(one("task_complete").body()).doesNotContain("secret@example.com");
    }

    @Test
    void tiesWorkFannedOutThroughWrappedExecutorsToTheTask() throws Exception {
        ExecutorService pool = TaskContext.wrap(Executors.newFixedThreadPool(2));
        try {
            Step step = oceum.instrument(Step.class, input -> {
                oceum.reportUsage(Usage.of("gpt-4o-mini", 10, 1));
                return input;
            });
            FanOut fanOut = oceum.instrument(FanOut.class, n -> {
                List<Future<String>> submitted = new ArrayList<>();
                List<CompletableFuture<String>> async = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    String input = "part-" + i;
                    submitted.add(pool.submit(() -> step.step(input)));
                    async.add(CompletableFuture.supplyAsync(() -> step.step(input), pool));
                }
                List<String> out = new ArrayList<>();
                for (Future<String> f : submitted) {
                    out.add(f.get());
                }
                async.forEach(f -> out.add(f.join()));
                return out;
            });

            assertThat(fanOut.run(3)).hasSize(6);

            Recorded parent = receiver.awaitEvents("task_complete", 7, WAIT).stream()
                    .filter(r -> r.data().path("taskName").asText().equals("fan-out"))
                    .findFirst()
                    .orElseThrow();
            assertThat(receiver.events("task_start").stream()
                            .filter(r -> r.data().path("taskName").asText().equals("step")))
                    .hasSize(6)
                    .allSatisfy(s ->
                            assertThat(s.data().path("parentTaskId").asText()).isEqualTo(taskId(parent)));
            assertThat(parent.data().path("usageTotals").path("tokensInput").asLong())
                    .isEqualTo(60);
            assertThat(parent.data().path("usageTotals").path("calls").asLong()).isEqualTo(6);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void leavesResultsAndExceptionsAloneWhenTheClientIsClosed() {
        oceum.close();
        TriageAgent agent = new TriageAgent();
        agent.toThrow = new IOException("down");

        assertThat(triage(agent).classify("T-7")).isEqualTo("billing:T-7");
        assertThatThrownBy(() -> triage(agent).escalate("T-7")).isSameAs(agent.toThrow);
        assertThat(oceum.stats().droppedTotal()).isPositive();
    }

    @Test
    void reportsNothingThroughADisabledClient() {
        Triage proxy = Oceum.disabled().instrument(Triage.class, new TriageAgent());

        assertThat(proxy.classify("T-8")).isEqualTo("billing:T-8");
        assertThat(TaskScope.current()).isEmpty();
    }

    @Test
    void rejectsAClassOrATargetThatDoesNotImplementTheInterface() {
        assertThatThrownBy(() -> oceum.instrument(TriageAgent.class, new TriageAgent()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not an interface");
        @SuppressWarnings({"unchecked", "rawtypes"})
        Class<Object> raw = (Class) Step.class;
        assertThatThrownBy(() -> oceum.instrument(raw, "not a step"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not implement");
    }

    private static Recorder recorder() {
        return new Recorder() {
            @Override
            public String take(Object a, Object b, int[] c) {
                return "took";
            }

            @Override
            public String quiet(Object a) {
                return "quiet";
            }
        };
    }

    private static Recorded byName(List<Recorded> events, String name) {
        return events.stream()
                .filter(r -> r.data().path("taskName").asText().equals(name))
                .findFirst()
                .orElseThrow();
    }
}
