package ai.oceum.springai;

import static org.assertj.core.api.Assertions.assertThat;

import ai.oceum.Oceum;
import ai.oceum.OceumStats;
import ai.oceum.testing.FakeOpenAi;
import ai.oceum.testing.TestReceiver;
import ai.oceum.testing.TestReceiver.Recorded;
import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.observation.ObservationRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.model.ChatModel;

/**
 * Everything a test needs, all real and on 127.0.0.1: the Oceum {@link TestReceiver}, an
 * {@link Oceum} client reporting to it (one request in flight, so events arrive in the order they
 * were made), a {@link FakeOpenAi} model server, an {@link ObservationRegistry} with the
 * {@link OceumObservationHandler}, and Spring AI's {@code OpenAiChatModel} and {@code ChatClient}
 * built on it the way this Spring AI line ({@link LineWiring}) builds them.
 */
final class Harness implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(15);

    final TestReceiver receiver;
    final Oceum oceum;
    final FakeOpenAi openAi;
    final ObservationRegistry registry = ObservationRegistry.create();
    final OceumObservationHandler handler;

    Harness() throws IOException {
        this(OceumSpringAiOptions.defaults());
    }

    Harness(OceumSpringAiOptions options) throws IOException {
        this.receiver = TestReceiver.start();
        this.oceum = Oceum.builder()
                .apiKey("test-key")
                .agentId("spring-ai-test")
                .baseUrl(receiver.baseUrl())
                .maxInFlight(1)
                .shutdownHook(false)
                .readEnvironment(false)
                .build();
        this.openAi = FakeOpenAi.start();
        this.handler = OceumSpringAi.register(registry, oceum, options);
    }

    ChatModel model(ModelSetup setup) {
        return LineWiring.model(openAi, registry, setup);
    }

    ChatClient chatClient() {
        return chatClient(ModelSetup.defaults());
    }

    ChatClient chatClient(ModelSetup setup) {
        return LineWiring.client(model(setup), registry, setup).build();
    }

    /** Every event delivered so far, in order, once everything queued has been answered. */
    List<Recorded> events() {
        org.awaitility.Awaitility.await().atMost(WAIT).until(() -> {
            OceumStats s = oceum.stats();
            return s.sent() + s.droppedTotal() >= s.accepted();
        });
        assertThat(oceum.stats().droppedTotal()).as("events dropped").isZero();
        return receiver.webhookRequests();
    }

    /** Waits until {@code count} events of {@code type} arrived (a stream's end comes after block() returns). */
    List<JsonNode> await(String type, int count) {
        return receiver.awaitEvents(type, count, WAIT).stream()
                .map(Recorded::data)
                .toList();
    }

    /** The event types delivered so far, in order. */
    List<String> eventTypes() {
        return events().stream().map(Recorded::eventType).collect(Collectors.toList());
    }

    /** The data of the only delivered event of {@code type}. */
    JsonNode only(String type) {
        List<JsonNode> matching = all(type);
        assertThat(matching).as("events of type " + type).hasSize(1);
        return matching.get(0);
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
