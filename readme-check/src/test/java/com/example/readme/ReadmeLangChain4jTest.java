package com.example.readme;

import static org.assertj.core.api.Assertions.assertThat;

import ai.oceum.Oceum;
import ai.oceum.langchain4j.OceumChatModelListener;
import ai.oceum.testing.TestClients;
import ai.oceum.testing.TestReceiver;
import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.model.chat.ChatModel;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** README's LangChain4j and annotation snippets that run without a hosted model, run as written. */
class ReadmeLangChain4jTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private TestReceiver receiver;
    private Oceum oceum;

    @BeforeEach
    void start() {
        receiver = TestReceiver.start();
        oceum = TestClients.builder(receiver, "readme-langchain4j").build();
    }

    @AfterEach
    void stop() {
        oceum.close();
        receiver.close();
    }

    @Test
    void aHandWrittenModelReportsEachCallThroughTheListenersItReturns() {
        String answer = new InHouseModel(oceum).chat("Where is my order 4812?");

        assertThat(answer).isEqualTo("Order 4812 ships today.");
        assertThat(oceum.flush(WAIT)).isTrue();
        JsonNode usage = receiver.awaitEvents("usage", 1, WAIT).get(0).data();
        assertThat(usage.path("model").asText()).isEqualTo("in-house-1");
        assertThat(usage.path("tokensInput").asLong()).isEqualTo(42);
        assertThat(usage.path("tokensOutput").asLong()).isEqualTo(7);
    }

    @Test
    void anAiServiceWithTheListenersRegisteredByHandIsOneTaskPerCall() {
        Assistant agent = LangChain4jByHand.build(oceum, new InHouseModel(oceum));

        assertThat(agent.chat("Where is my order 4812?")).isEqualTo("Order 4812 ships today.");
        assertThat(oceum.flush(WAIT)).isTrue();
        JsonNode done = receiver.awaitEvents("task_complete", 1, WAIT).get(0).data();
        assertThat(done.path("taskName").asText()).isEqualTo("Assistant.chat");
        assertThat(done.path("usageTotals").path("tokensInput").asLong()).isEqualTo(42);
        assertThat(receiver.awaitEvents("usage", 1, WAIT).get(0).data().path("taskName").asText())
                .isEqualTo("Assistant.chat");
    }

    @Test
    void theReadmeToolIsCalledAndTimedInsideTheTask() {
        ChatModel model = new ToolCallingModel(List.of(new OceumChatModelListener(oceum)));
        Assistant agent = LangChain4jByHand.build(oceum, model);

        assertThat(agent.chat("Where is my order 4812?")).isEqualTo("Tool says: order 4812 ships today");
        assertThat(oceum.flush(WAIT)).isTrue();
        JsonNode done = receiver.awaitEvents("task_complete", 1, WAIT).get(0).data();
        assertThat(done.path("taskName").asText()).isEqualTo("Assistant.chat");
        JsonNode tool = done.path("meta").path("tools").get(0);
        assertThat(tool.path("name").asText()).isEqualTo("orderStatus");
        assertThat(tool.path("status").asText()).isEqualTo("ok");
        assertThat(receiver.events("usage")).hasSize(2);
    }

    @Test
    void anAnnotatedAgentBehindInstrumentIsATaskNamedByTheAnnotation() {
        Triage triage = oceum.instrument(Triage.class, new TriageAgent());

        assertThat(triage.triage("I want a refund")).isEqualTo("billing");
        assertThat(oceum.flush(WAIT)).isTrue();
        assertThat(receiver.awaitEvents("task_complete", 1, WAIT).get(0).data().path("taskName").asText())
                .isEqualTo("triage-ticket");
    }
}
