package ai.oceum;

import static org.assertj.core.api.Assertions.assertThat;

import ai.oceum.annotation.AgentTask;
import ai.oceum.testing.TestClients;
import ai.oceum.testing.TestReceiver;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link Oceum#instrument} on an application's package-private interface declared next to its
 * implementation (as README's annotation snippet is): the proxy must still be able to call it.
 * AgentTaskProxyTest shows the same for interfaces of another package than the proxy's.
 */
class OceumInstrumentTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private TestReceiver receiver;
    private Oceum oceum;

    interface Triage {
        String triage(String ticket);

        String plain(String ticket);
    }

    static final class TriageAgent implements Triage {
        @Override
        @AgentTask("triage-ticket")
        public String triage(String ticket) {
            return ticket.contains("refund") ? "billing" : "support";
        }

        @Override
        public String plain(String ticket) {
            return "plain " + ticket;
        }
    }

    @BeforeEach
    void start() {
        receiver = TestReceiver.start();
        oceum = TestClients.builder(receiver, TestClients.agentId("instrument")).build();
    }

    @AfterEach
    void stop() {
        oceum.close();
        receiver.close();
    }

    @Test
    void aPackagePrivateInterfaceIsInstrumentedLikeAPublicOne() {
        Triage triage = oceum.instrument(Triage.class, new TriageAgent());

        assertThat(triage.triage("I want a refund")).isEqualTo("billing");
        assertThat(triage.plain("T-1")).isEqualTo("plain T-1");
        assertThat(oceum.flush(WAIT)).isTrue();
        assertThat(receiver.awaitEvents("task_complete", 1, WAIT)
                        .get(0)
                        .data()
                        .path("taskName")
                        .asText())
                .isEqualTo("triage-ticket");
    }
}
