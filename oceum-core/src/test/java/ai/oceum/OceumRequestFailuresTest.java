package ai.oceum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ai.oceum.memory.MemoryQuery;
import ai.oceum.testing.LogCapture;
import ai.oceum.testing.TestClients;
import ai.oceum.testing.TestReceiver;
import ai.oceum.testing.TestReceiver.Reply;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * When a request/response call (memory read, vault) gets no answer, its {@link OceumException}
 * says where it tried (the URL, without the key or the query) and why, in the words of the
 * background sender's first-failure warning: one place words both (issue 11 part 4, finished in
 * issue 13). Before, the message was "… after 1 attempt: ConnectException" with no URL.
 */
class OceumRequestFailuresTest {

    private static OceumException thrownBy(Runnable call) {
        Throwable[] caught = new Throwable[1];
        assertThatThrownBy(call::run).isInstanceOfSatisfying(OceumException.class, e -> caught[0] = e);
        OceumException e = (OceumException) caught[0];
        assertThat(e.statusCode()).isZero();
        assertThat(e.getMessage()).doesNotContain(TestClients.API_KEY);
        return e;
    }

    @Test
    void aReceiverThatIsNotRunningIsNamedWithItsUrlInTheWordsOfTheBackgroundWarning() {
        String url = TestClients.closedPortUrl();
        try (LogCapture logs = LogCapture.start();
                Oceum oceum = TestClients.builder(url, TestClients.agentId("sync-refused"))
                        .maxRetries(0)
                        .build()) {
            oceum.heartbeat();
            // The receiver is unreachable: the heartbeat is held (probes go on), the warning said once.
            await().atMost(Duration.ofSeconds(15)).until(() -> oceum.stats().retried() >= 3);
            List<String> warned = logs.lines().stream()
                    .filter(l -> l.contains("could not deliver events"))
                    .toList();
            assertThat(warned).hasSize(1);
            String prefix = url + "/api/webhook: ";
            String line = warned.get(0);
            String why = line.substring(line.indexOf(prefix) + prefix.length(), line.indexOf("; retrying"));
            assertThat(why)
                    .isEqualTo("connection refused (nothing listens there: is the receiver running, and is"
                            + " OCEUM_BASE_URL right?)");

            OceumException e = thrownBy(() -> oceum.vaultRetrieve("vtk_1"));

            assertThat(e.getMessage())
                    .isEqualTo("Oceum vault retrieve failed for agent '" + oceum.agentId() + "' at " + url
                            + "/api/webhook after 1 attempt: " + why);
            assertThat(e.getCause()).isInstanceOf(java.net.ConnectException.class);
        }
    }

    @Test
    void aHostThatDoesNotResolveIsNamedAndTheQueryIsLeftOut() {
        // .invalid never resolves (RFC 6761).
        try (Oceum oceum = TestClients.builder("https://oceum-test.invalid", TestClients.agentId("sync-unknown"))
                .maxRetries(1)
                .build()) {
            OceumException e = thrownBy(() -> oceum.readMemory(new MemoryQuery("customer-42", 5)));

            assertThat(e.getMessage())
                    .startsWith("Oceum memory read failed for agent '" + oceum.agentId()
                            + "' at https://oceum-test.invalid/api/memory after 2 attempts: ")
                    .endsWith("unknown host 'oceum-test.invalid' (the name does not resolve: check the host in"
                            + " OCEUM_BASE_URL)")
                    .doesNotContain("customer-42")
                    .doesNotContain("?");
        }
    }

    @Test
    void aReceiverSlowerThanTheRequestTimeoutIsNamedWithTheTimeout() {
        try (TestReceiver receiver = TestReceiver.start();
                Oceum oceum = TestClients.builder(receiver, TestClients.agentId("sync-slow"))
                        .maxRetries(0)
                        .requestTimeout(Duration.ofMillis(300))
                        .build()) {
            receiver.respondWith(r -> Reply.ok().after(Duration.ofSeconds(2)));

            OceumException e = thrownBy(() -> oceum.vaultList());

            assertThat(e.getMessage())
                    .isEqualTo("Oceum vault list failed for agent '" + oceum.agentId() + "' at " + receiver.baseUrl()
                            + "/api/vault after 1 attempt: no answer within the request timeout of 300 ms");
        }
    }
}
