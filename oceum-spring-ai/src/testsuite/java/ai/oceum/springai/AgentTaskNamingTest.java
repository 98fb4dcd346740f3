package ai.oceum.springai;

import static org.assertj.core.api.Assertions.assertThat;

import ai.oceum.annotation.AgentTask;
import ai.oceum.testing.FakeOpenAi.Reply;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.client.ChatClient;

/**
 * A {@code ChatClient} call's task is named by the {@code @AgentTask} method that makes it, else by
 * the configurable default; an annotated method that is itself a task (proxy, Java agent, Spring
 * AOP) gets the call as a child named by default, not a second task of the same name.
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
    void usesTheDefaultNameWithoutAnAnnotationOrWhenTurnedOff() throws Exception {
        try (Harness h = new Harness()) {
            new TriageAgent(h.chatClient()).plain("hi");
            assertThat(startedName(h)).isEqualTo("ChatClient.call");
        }
        OceumSpringAiOptions renamed = OceumSpringAiOptions.builder()
                .defaultTaskName("support-chat")
                .taskNamesFromAgentTask(false)
                .build();
        try (Harness h = new Harness(renamed)) {
            new TriageAgent(h.chatClient()).classify("hi");
            assertThat(startedName(h)).isEqualTo("support-chat");
            assertThat(h.only("task_start").path("meta").has("agentTaskMethod")).isFalse();
        }
    }
}
