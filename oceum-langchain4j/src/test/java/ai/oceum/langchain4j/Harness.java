package ai.oceum.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.oceum.Oceum;
import ai.oceum.OceumStats;
import ai.oceum.testing.FakeOpenAi;
import ai.oceum.testing.TestReceiver;
import ai.oceum.testing.TestReceiver.Recorded;
import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Everything a test needs, all real and on 127.0.0.1: the Oceum {@link TestReceiver}, an
 * {@link Oceum} client reporting to it (one request in flight, so events arrive in the order they
 * were made), and a {@link FakeOpenAi} model server with OpenAI models pointed at it.
 */
final class Harness implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(10);

    final TestReceiver receiver;
    final Oceum oceum;
    final FakeOpenAi openAi;

    Harness() throws IOException {
        this.receiver = TestReceiver.start();
        this.oceum = Oceum.builder()
                .apiKey("test-key")
                .agentId("lc4j-test")
                .baseUrl(receiver.baseUrl())
                .maxInFlight(1)
                .shutdownHook(false)
                .readEnvironment(false)
                .build();
        this.openAi = FakeOpenAi.start();
    }

    OpenAiChatModel chatModel(ChatModelListener... listeners) {
        return OpenAiChatModel.builder()
                .baseUrl(openAi.baseUrl())
                .apiKey("model-key")
                .modelName("gpt-4o-mini")
                .maxRetries(0)
                .timeout(WAIT)
                .listeners(List.of(listeners))
                .build();
    }

    OpenAiStreamingChatModel streamingModel(ChatModelListener... listeners) {
        return OpenAiStreamingChatModel.builder()
                .baseUrl(openAi.baseUrl())
                .apiKey("model-key")
                .modelName("gpt-4o-mini")
                .timeout(WAIT)
                .listeners(List.of(listeners))
                .build();
    }

    /** Every event delivered so far, in order, once everything queued has been answered. */
    List<Recorded> events() {
        // Every event handed to the client is answered (sent or dropped): a condition on the
        // counters rather than flush() alone, which can return while an event moves from the
        // queue to the wire.
        await().atMost(WAIT).until(() -> {
            OceumStats s = oceum.stats();
            return s.sent() + s.droppedTotal() >= s.accepted();
        });
        assertThat(oceum.stats().droppedTotal()).as("events dropped").isZero();
        return receiver.webhookRequests();
    }

    /** The event types delivered so far, in order. */
    List<String> eventTypes() {
        return events().stream().map(Recorded::eventType).collect(Collectors.toList());
    }

    /** The types of the delivered events of one task, in the order they arrived. */
    List<String> eventTypesOfTask(String taskId) {
        return events().stream()
                .filter(r -> taskId.equals(r.data().path("taskId").asText()))
                .map(Recorded::eventType)
                .collect(Collectors.toList());
    }

    /** The data of the only delivered event of {@code type}. */
    JsonNode only(String type) {
        List<Recorded> matching =
                events().stream().filter(r -> type.equals(r.eventType())).toList();
        assertThat(matching).as("events of type " + type).hasSize(1);
        return matching.get(0).data();
    }

    /** The data of every delivered event of {@code type}, in order. */
    List<JsonNode> all(String type) {
        return events().stream()
                .filter(r -> type.equals(r.eventType()))
                .map(Recorded::data)
                .toList();
    }

    /** Every delivered body, concatenated: for "this text never left the process" checks. */
    String wire() {
        return events().stream().map(Recorded::body).collect(Collectors.joining("\n"));
    }

    @Override
    public void close() {
        oceum.close(Duration.ofSeconds(2));
        openAi.close();
        receiver.close();
    }
}
