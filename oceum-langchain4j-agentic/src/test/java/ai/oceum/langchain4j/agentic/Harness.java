package ai.oceum.langchain4j.agentic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.oceum.Oceum;
import ai.oceum.OceumStats;
import ai.oceum.langchain4j.OceumChatModelListener;
import ai.oceum.testing.TestClients;
import ai.oceum.testing.TestReceiver;
import java.time.Duration;

/**
 * A real {@link TestReceiver} on 127.0.0.1 and an {@link Oceum} client reporting to it, one
 * request in flight so that events arrive in the order they were made.
 */
final class Harness implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(10);

    final TestReceiver receiver;
    final Oceum oceum;

    Harness() {
        this.receiver = TestReceiver.start();
        this.oceum = TestClients.builder(receiver, TestClients.agentId("agentic"))
                .maxInFlight(1)
                .build();
    }

    OceumChatModelListener modelListener() {
        return new OceumChatModelListener(oceum);
    }

    /** Every event delivered so far as task trees, once everything queued has been answered. */
    Trace trace() {
        await().atMost(WAIT).until(() -> {
            OceumStats s = oceum.stats();
            return s.sent() + s.droppedTotal() >= s.accepted();
        });
        assertThat(oceum.stats().droppedTotal()).as("events dropped").isZero();
        return Trace.of(receiver.webhookRequests());
    }

    @Override
    public void close() {
        oceum.close(Duration.ofSeconds(2));
        receiver.close();
    }
}
