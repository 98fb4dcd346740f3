package ai.oceum.spring.boot.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.oceum.Oceum;
import ai.oceum.TaskScope;
import ai.oceum.annotation.AgentTask;
import ai.oceum.spring.boot.Starter;
import ai.oceum.testing.TestReceiver;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

class AgentTaskBeansTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private TestReceiver receiver;
    private ApplicationContextRunner runner;

    @BeforeEach
    void start() {
        receiver = TestReceiver.start();
        runner = Starter.runner(receiver, "tasks")
                .withPropertyValues("oceum.heartbeat.enabled=false")
                .withUserConfiguration(Beans.class);
    }

    @AfterEach
    void stop() {
        receiver.close();
        Oceum.setGlobal(null);
    }

    @Test
    void aCallIsOneTask_startAndCompletionWithItsName() {
        runner.run(context -> {
            assertThat(context.getBean(Agent.class).triage("ticket")).isEqualTo("done: ticket");
            JsonNode start = receiver.awaitEvents("task_start", 1, WAIT).get(0).data();
            JsonNode done =
                    receiver.awaitEvents("task_complete", 1, WAIT).get(0).data();
            assertThat(start.path("taskName").asText()).isEqualTo("triage");
            assertThat(done.path("taskId").asText())
                    .isEqualTo(start.path("taskId").asText());
            assertThat(done.has("durationMs")).isTrue();
            assertThat(done.has("meta")).isFalse(); // arguments are not recorded by default
        });
    }

    @Test
    void theDefaultNameIsTheAnnotatedTypeAndMethod_andAnInterfaceAnnotationCounts() {
        runner.run(context -> {
            context.getBean(Agent.class).unnamed();
            context.getBean(Api.class).call();
            List<String> names = receiver.awaitEvents("task_complete", 2, WAIT).stream()
                    .map(e -> e.data().path("taskName").asText())
                    .toList();
            assertThat(names).containsExactlyInAnyOrder("Agent.unnamed", "api-call");
        });
    }

    @Test
    void twoBeansImplementingOneInterfaceMethodKeepTheirOwnTaskNames() {
        runner.withBean("first", Greeter.class, () -> new EnglishGreeter())
                .withBean("second", Greeter.class, () -> new FrenchGreeter())
                .run(context -> {
                    context.getBean("first", Greeter.class).greet();
                    context.getBean("second", Greeter.class).greet();
                    context.getBean("first", Greeter.class).greet();
                    List<String> names = receiver.awaitEvents("task_complete", 3, WAIT).stream()
                            .map(e -> e.data().path("taskName").asText())
                            .toList();
                    assertThat(names).containsExactlyInAnyOrder("greet-en", "greet-fr", "greet-en");
                });
    }

    @Test
    void aTaskCalledInsideAnotherIsItsChild() {
        runner.run(context -> {
            context.getBean(Agent.class).outer();
            List<TestReceiver.Recorded> done = receiver.awaitEvents("task_complete", 2, WAIT);
            JsonNode inner = byName(done, "inner");
            JsonNode outer = byName(done, "outer");
            assertThat(inner.path("parentTaskId").asText())
                    .isEqualTo(outer.path("taskId").asText());
            assertThat(outer.has("parentTaskId")).isFalse();
        });
    }

    @Test
    void anExceptionFailsTheTask_andTheSameInstanceReachesTheCaller() {
        runner.run(context -> {
            Agent agent = context.getBean(Agent.class);
            assertThatThrownBy(agent::fail).isSameAs(Agent.FAILURE);
            JsonNode error = receiver.awaitEvents("error", 1, WAIT).get(0).data();
            assertThat(error.path("taskStatus").asText()).isEqualTo("failed");
            assertThat(error.path("taskName").asText()).isEqualTo("Agent.fail");
            assertThat(error.path("message").asText()).isEqualTo("model unavailable");
            assertThat(TaskScope.current()).isEmpty();
        });
    }

    @Test
    void aCompletableFutureEndsItsTaskWhenItCompletes_notWhenTheMethodReturns() {
        runner.run(context -> {
            CompletableFuture<String> pending = new CompletableFuture<>();
            CompletableFuture<String> returned = context.getBean(Agent.class).later(pending);
            assertThat(returned).isSameAs(pending);
            assertThat(TaskScope.current())
                    .as("the task is not left on the caller's thread")
                    .isEmpty();
            receiver.awaitEvents("task_start", 1, WAIT);
            context.getBean(Oceum.class).flush(WAIT);
            assertThat(receiver.events("task_complete")).isEmpty();
            pending.complete("ok");
            assertThat(receiver.awaitEvents("task_complete", 1, WAIT)
                            .get(0)
                            .data()
                            .path("taskName")
                            .asText())
                    .isEqualTo("later");
        });
    }

    @Test
    void aFailedCompletableFutureFailsItsTaskWithTheCause() {
        runner.run(context -> {
            CompletableFuture<String> pending = new CompletableFuture<>();
            context.getBean(Agent.class).later(pending);
            pending.completeExceptionally(new IllegalStateException("too slow"));
            JsonNode error = receiver.awaitEvents("error", 1, WAIT).get(0).data();
            assertThat(error.path("taskStatus").asText()).isEqualTo("failed");
            assertThat(error.path("message").asText()).isEqualTo("too slow");
        });
    }

    @Test
    void aMonoEndsItsTaskOnCompletion_withTheTaskCurrentWhileItsWorkRuns() {
        runner.run(context -> {
            AtomicReference<String> seen = new AtomicReference<>();
            Mono<String> mono = context.getBean(Agent.class).mono(Mono.fromCallable(() -> {
                seen.set(TaskScope.current().map(TaskScope::name).orElse("none"));
                return "value";
            }));
            context.getBean(Oceum.class).flush(WAIT);
            assertThat(receiver.events("task_complete"))
                    .as("not before subscription ends")
                    .isEmpty();
            assertThat(mono.block(WAIT)).isEqualTo("value");
            assertThat(seen.get()).isEqualTo("reactive");
            assertThat(receiver.awaitEvents("task_complete", 1, WAIT)
                            .get(0)
                            .data()
                            .path("taskName")
                            .asText())
                    .isEqualTo("reactive");
        });
    }

    @Test
    void aMonoErrorFailsItsTask_andACancelledFluxCompletesItMarkedCancelled() {
        runner.run(context -> {
            Agent agent = context.getBean(Agent.class);
            assertThatThrownBy(() -> agent.mono(Mono.error(new IllegalArgumentException("bad prompt")))
                            .block(WAIT))
                    .hasMessage("bad prompt");
            JsonNode error = receiver.awaitEvents("error", 1, WAIT).get(0).data();
            assertThat(error.path("taskStatus").asText()).isEqualTo("failed");
            assertThat(error.path("message").asText()).isEqualTo("bad prompt");

            Sinks.Many<Integer> tokens = Sinks.many().unicast().onBackpressureBuffer();
            agent.stream(tokens.asFlux()).take(2).subscribe(); // take(2) cancels the source after two tokens
            tokens.tryEmitNext(1);
            tokens.tryEmitNext(2);
            JsonNode done =
                    receiver.awaitEvents("task_complete", 1, WAIT).get(0).data();
            assertThat(done.path("taskName").asText()).isEqualTo("Agent.stream");
            assertThat(done.path("meta").path("cancelled").asBoolean()).isTrue();
        });
    }

    @Test
    void aRecursiveCallBelongsToTheOuterTask_unlessRecursiveIsSet() {
        runner.run(context -> {
            Agent agent = context.getBean(Agent.class);
            assertThat(agent.countDown(3)).isZero();
            assertThat(agent.nested(2)).isZero();
            Oceum oceum = context.getBean(Oceum.class);
            oceum.flush(WAIT);
            assertThat(receiver.events("task_complete"))
                    .extracting(e -> e.data().path("taskName").asText())
                    .containsExactlyInAnyOrder("Agent.countDown", "Agent.nested", "Agent.nested", "Agent.nested");
        });
    }

    @Test
    void recordArgumentsSendsEachArgumentsText() {
        runner.run(context -> {
            context.getBean(Agent.class).withArguments("order-4812", 3);
            JsonNode start = receiver.awaitEvents("task_start", 1, WAIT).get(0).data();
            assertThat(start.path("meta").path("arguments").toString()).isEqualTo("[\"order-4812\",\"3\"]");
        });
    }

    @Test
    void beansWithoutAgentTaskAreNotProxied_andTheSwitchTurnsItOff() {
        runner.run(context -> {
            assertThat(AopUtils.isAopProxy(context.getBean(Agent.class))).isTrue();
            assertThat(AopUtils.isAopProxy(context.getBean(Plain.class))).isFalse();
        });
        runner.withPropertyValues("oceum.agent-task.enabled=false").run(context -> {
            assertThat(AopUtils.isAopProxy(context.getBean(Agent.class))).isFalse();
            context.getBean(Agent.class).triage("x");
            context.getBean(Oceum.class).flush(WAIT);
            assertThat(receiver.events("task_start")).isEmpty();
        });
    }

    @Test
    void withADisabledClientTheMethodsRunUnreported() {
        Starter.runner()
                .withPropertyValues("oceum.agent-id=nokey")
                .withUserConfiguration(Beans.class)
                .run(context -> {
                    assertThat(context.getBean(Agent.class).triage("t")).isEqualTo("done: t");
                    assertThatThrownBy(context.getBean(Agent.class)::fail).isSameAs(Agent.FAILURE);
                });
        assertThat(receiver.requests()).isEmpty();
    }

    @Test
    void aFinalBeanClassIsLeftAlone_withAWarning_andTheApplicationStarts() {
        try (ai.oceum.testing.LogCapture logs = ai.oceum.testing.LogCapture.start()) {
            runner.withBean("sealedAgent", FinalAgent.class, FinalAgent::new).run(context -> {
                assertThat(context).hasNotFailed();
                assertThat(context.getBean(FinalAgent.class).work()).isEqualTo("done");
                assertThat(AopUtils.isAopProxy(context.getBean(FinalAgent.class)))
                        .isFalse();
            });
            assertThat(logs.warnings()).anySatisfy(w -> assertThat(w).contains("sealedAgent", "is final"));
        }
    }

    @Test
    void theJavaAgentOnTheCommandLineIsRecognised() {
        assertThat(JavaAgentDetector.startedWithAgent(
                        List.of("-Xmx1g", "-javaagent:/opt/oceum-javaagent-0.1.0.jar=debug")))
                .isTrue();
        assertThat(JavaAgentDetector.startedWithAgent(List.of("-javaagent:/opt/otel-agent.jar")))
                .isFalse();
    }

    @Test
    void whenTheJavaAgentSaysItIsActiveTheInterceptorStepsBack() {
        System.setProperty(JavaAgentDetector.PROPERTY, "true");
        try {
            runner.run(context -> {
                assertThat(context).doesNotHaveBean(AgentTaskPostProcessor.class);
                assertThat(AopUtils.isAopProxy(context.getBean(Agent.class))).isFalse();
            });
        } finally {
            System.clearProperty(JavaAgentDetector.PROPERTY);
        }
    }

    private static JsonNode byName(List<TestReceiver.Recorded> events, String name) {
        return events.stream()
                .map(TestReceiver.Recorded::data)
                .filter(d -> d.path("taskName").asText().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no event named " + name + " in " + events));
    }

    @Configuration(proxyBeanMethods = false)
    static class Beans {
        @Bean
        Agent agent(Inner inner, ObjectProvider<Agent> self) {
            return new Agent(inner, self);
        }

        @Bean
        Inner inner() {
            return new Inner();
        }

        @Bean
        Api api() {
            return new ApiImpl();
        }

        @Bean
        Plain plain() {
            return new Plain();
        }
    }

    /** An agent bean (a class: proxied with CGLIB). */
    public static class Agent {
        @SuppressWarnings("StaticAssignmentOfThrowable") // the test checks that this very instance reaches the caller
        static final IllegalStateException FAILURE = new IllegalStateException("model unavailable");

        private final Inner inner;
        private final ObjectProvider<Agent> self;

        public Agent(Inner inner, ObjectProvider<Agent> self) {
            this.inner = inner;
            this.self = self;
        }

        @AgentTask("triage")
        public String triage(String ticket) {
            return "done: " + ticket;
        }

        @AgentTask
        public void unnamed() {}

        @AgentTask("outer")
        public String outer() {
            return inner.inner();
        }

        @AgentTask
        public String fail() {
            throw FAILURE;
        }

        @AgentTask("later")
        public CompletableFuture<String> later(CompletableFuture<String> result) {
            return result;
        }

        @AgentTask("reactive")
        public Mono<String> mono(Mono<String> result) {
            return result;
        }

        @AgentTask
        public Flux<Integer> stream(Flux<Integer> tokens) {
            return tokens;
        }

        @AgentTask
        public int countDown(int n) {
            return n == 0 ? 0 : self.getObject().countDown(n - 1);
        }

        @AgentTask(recursive = true)
        public int nested(int n) {
            return n == 0 ? 0 : self.getObject().nested(n - 1);
        }

        @AgentTask(recordArguments = true)
        public void withArguments(String order, int attempt) {}
    }

    public static class Inner {
        @AgentTask("inner")
        public String inner() {
            return "inner";
        }
    }

    public interface Api {
        @AgentTask("api-call")
        String call();
    }

    static class ApiImpl implements Api {
        @Override
        public String call() {
            return "called";
        }
    }

    public interface Greeter {
        String greet();
    }

    public static class EnglishGreeter implements Greeter {
        @Override
        @AgentTask("greet-en")
        public String greet() {
            return "hello";
        }
    }

    public static class FrenchGreeter implements Greeter {
        @Override
        @AgentTask("greet-fr")
        public String greet() {
            return "bonjour";
        }
    }

    public static final class FinalAgent {
        @AgentTask
        public String work() {
            return "done";
        }
    }

    public static class Plain {
        public String nothing() {
            return "";
        }
    }
}
