package ai.oceum.springai;

import static org.assertj.core.api.Assertions.assertThat;

import ai.oceum.annotation.AgentTask;
import ai.oceum.testing.FakeOpenAi.Reply;
import ai.oceum.testing.LogCapture;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.client.ChatClient;

/**
 * A {@code ChatClient} call's task is named by the {@code @AgentTask} method that makes it, else by
 * the configurable default; an annotated method that is itself a task (proxy, Java agent, Spring
 * AOP) gets the call as a child named by default, not a second task of the same name. Whether a
 * call made outside any task is looked at follows {@link AgentTaskNaming}; the tests of
 * {@code AUTO} decide its draw for calls past the first ones.
 */
class AgentTaskNamingTest {

    /** The interface {@code Oceum.instrument} proxies. */
    public interface Triage {
        @AgentTask("triage-ticket")
        String triage(String ticket);
    }

    /** An agent as an application writes it. */
    public static class TriageAgent implements Triage {
        private final ChatClient chat;

        TriageAgent(ChatClient chat) {
            this.chat = chat;
        }

        @Override
        public String triage(String ticket) {
            return chat.prompt().user(ticket).call().content();
        }

        @AgentTask("classify-ticket")
        public String classify(String ticket) {
            return chat.prompt().user(ticket).call().content();
        }

        @AgentTask
        public String summarize(String text) {
            return ask(text);
        }

        private String ask(String text) {
            return List.of(text).stream()
                    .map(t -> chat.prompt().user(t).call().content())
                    .findFirst()
                    .orElseThrow();
        }

        @AgentTask("stream-reply")
        public String streamReply(String text) {
            return String.join(
                    "",
                    chat.prompt().user(text).stream().content().collectList().block());
        }

        public String plain(String text) {
            return chat.prompt().user(text).call().content();
        }
    }

    private static String startedName(Harness h) {
        return h.only("task_start").path("taskName").asText();
    }

    @Test
    void namesTheTaskByTheCallingMethodsAgentTask() throws Exception {
        try (Harness h = new Harness()) {
            new TriageAgent(h.chatClient()).classify("T-1");

            JsonNode start = h.only("task_start");
            assertThat(start.path("taskName").asText()).isEqualTo("classify-ticket");
            assertThat(start.path("meta").path("agentTaskMethod").asText()).isEqualTo("TriageAgent.classify");
            assertThat(h.only("task_complete").path("taskName").asText()).isEqualTo("classify-ticket");
            assertThat(h.only("usage").path("taskName").asText()).isEqualTo("classify-ticket");
        }
    }

    @Test
    void findsTheAnnotationAcrossHelperMethodsLambdasAndInterfaces() throws Exception {
        try (Harness h = new Harness()) {
            TriageAgent agent = new TriageAgent(h.chatClient());

            agent.summarize("long text");
            agent.triage("T-2");

            List<JsonNode> starts = h.all("task_start");
            assertThat(starts.get(0).path("taskName").asText())
                    .as("@AgentTask without a value")
                    .isEqualTo("TriageAgent.summarize");
            assertThat(starts.get(1).path("taskName").asText())
                    .as("annotated on the interface")
                    .isEqualTo("triage-ticket");
        }
    }

    @Test
    void namesAStreamByItsAgentTaskToo() throws Exception {
        try (Harness h = new Harness()) {
            h.openAi.enqueue(Reply.answer("streamed", 5, 2));

            new TriageAgent(h.chatClient()).streamReply("hi");

            assertThat(h.await("task_complete", 1).get(0).path("taskName").asText())
                    .isEqualTo("stream-reply");
        }
    }

    @Test
    void aCallInsideAnInstrumentedAgentTaskIsItsChildNamedByDefault() throws Exception {
        try (Harness h = new Harness()) {
            Triage agent = h.oceum.instrument(Triage.class, new TriageAgent(h.chatClient()));

            agent.triage("T-3");

            List<JsonNode> starts = h.all("task_start");
            assertThat(starts).hasSize(2);
            assertThat(starts.get(0).path("taskName").asText()).isEqualTo("triage-ticket");
            assertThat(starts.get(1).path("taskName").asText()).isEqualTo("ChatClient.call");
            assertThat(starts.get(1).path("parentTaskId").asText())
                    .isEqualTo(starts.get(0).path("taskId").asText());
            assertThat(starts.get(1).path("meta").has("agentTaskMethod"))
                    .as("no stack walk inside a task")
                    .isFalse();
            JsonNode outer = h.all("task_complete").get(1);
            assertThat(outer.path("taskName").asText()).isEqualTo("triage-ticket");
            assertThat(outer.path("usageTotals").path("calls").asInt())
                    .as("the call's usage counts in it")
                    .isEqualTo(1);
        }
    }

    @Test
    void aCallMadeInsideAnotherTaskIsItsChildNamedByDefault() throws Exception {
        try (Harness h = new Harness()) {
            TriageAgent agent = new TriageAgent(h.chatClient());

            h.oceum.wrap("nightly-batch", () -> agent.classify("T-4"));

            List<JsonNode> starts = h.all("task_start");
            assertThat(starts.get(0).path("taskName").asText()).isEqualTo("nightly-batch");
            assertThat(starts.get(1).path("taskName").asText()).isEqualTo("ChatClient.call");
            assertThat(starts.get(1).path("parentTaskId").asText())
                    .isEqualTo(starts.get(0).path("taskId").asText());
        }
    }

    @Test
    void autoLooksAtCallsPastTheFirstOnlyWhenDrawnThenAtEveryCallOnceOneIsFound() throws Exception {
        AtomicBoolean drawn = new AtomicBoolean();
        OceumSpringAiOptions options =
                OceumSpringAiOptions.builder().namingSample(drawn::get).build();
        assertThat(options.agentTaskNaming()).as("the default").isEqualTo(AgentTaskNaming.AUTO);
        try (Harness h = new Harness(options);
                LogCapture logs = LogCapture.start()) {
            TriageAgent agent = new TriageAgent(h.chatClient());
            for (int i = 0; i < AgentTaskCallers.FIRST_CALLS; i++) {
                agent.plain("first calls: each looked at, none from an @AgentTask method");
            }
            agent.classify("not drawn: not looked at");
            drawn.set(true);
            agent.classify("drawn: looked at, and found");
            drawn.set(false);
            agent.classify("not drawn, but one was found: looked at");
            agent.summarize("every call from now on");

            List<String> names = h.all("task_start").stream()
                    .skip(AgentTaskCallers.FIRST_CALLS)
                    .map(start -> start.path("taskName").asText())
                    .toList();
            assertThat(names)
                    .containsExactly("ChatClient.call", "classify-ticket", "classify-ticket", "TriageAgent.summarize");
            assertThat(logs.warnings())
                    .as("one warning, when the first was found")
                    .singleElement()
                    .asString()
                    .contains(
                            "@AgentTask method TriageAgent.classify",
                            "'classify-ticket'",
                            "Oceum.instrument",
                            "agentTaskNaming(ALWAYS)",
                            "oceum.spring-ai.agent-task-naming");
        }
    }

    @Test
    void manyThreadsFindingTheirAnnotatedCallerAtOnceAreAllNamedAndWarnOnce() throws Exception {
        int threads = 8;
        OceumSpringAiOptions options =
                OceumSpringAiOptions.builder().namingSample(() -> false).build();
        try (Harness h = new Harness(options);
                LogCapture logs = LogCapture.start()) {
            TriageAgent agent = new TriageAgent(h.chatClient());
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<String>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    go.await();
                    return agent.classify("at once");
                }));
            }
            go.countDown();
            for (Future<String> f : done) {
                f.get(Harness.WAIT.toSeconds(), TimeUnit.SECONDS);
            }
            pool.shutdown();

            assertThat(h.all("task_start"))
                    .hasSize(threads)
                    .allSatisfy(
                            start -> assertThat(start.path("taskName").asText()).isEqualTo("classify-ticket"));
            assertThat(logs.warnings())
                    .as("one warning, whichever thread found it first")
                    .hasSize(1);
        }
    }

    @Test
    void autoNamesAnAnnotatedCallerAmongTheFirstCallsWithoutADraw() throws Exception {
        OceumSpringAiOptions options =
                OceumSpringAiOptions.builder().namingSample(() -> false).build();
        try (Harness h = new Harness(options)) {
            new TriageAgent(h.chatClient()).classify("the first call");

            assertThat(startedName(h)).isEqualTo("classify-ticket");
        }
    }

    @Test
    void alwaysLooksAtEveryCallWithoutADrawOrAWarning() throws Exception {
        OceumSpringAiOptions options = OceumSpringAiOptions.builder()
                .agentTaskNaming(AgentTaskNaming.ALWAYS)
                .namingSample(() -> false)
                .build();
        try (Harness h = new Harness(options);
                LogCapture logs = LogCapture.start()) {
            TriageAgent agent = new TriageAgent(h.chatClient());
            for (int i = 0; i < AgentTaskCallers.FIRST_CALLS; i++) {
                agent.plain("past the first calls");
            }
            agent.classify("named all the same");

            List<JsonNode> starts = h.all("task_start");
            assertThat(starts.get(starts.size() - 1).path("taskName").asText()).isEqualTo("classify-ticket");
            assertThat(logs.warnings()).as("chosen, so nothing to say").isEmpty();
        }
    }

    @Test
    void usesTheDefaultNameWithoutAnAnnotationOrWhenTurnedOff() throws Exception {
        try (Harness h = new Harness()) {
            new TriageAgent(h.chatClient()).plain("hi");
            assertThat(startedName(h)).isEqualTo("ChatClient.call");
        }
        OceumSpringAiOptions renamed = OceumSpringAiOptions.builder()
                .defaultTaskName("support-chat")
                .agentTaskNaming(AgentTaskNaming.OFF)
                .build();
        try (Harness h = new Harness(renamed)) {
            new TriageAgent(h.chatClient()).classify("hi");
            assertThat(startedName(h)).isEqualTo("support-chat");
            assertThat(h.only("task_start").path("meta").has("agentTaskMethod")).isFalse();
        }
    }
}
