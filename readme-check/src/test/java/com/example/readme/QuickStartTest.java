package com.example.readme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.oceum.Oceum;
import ai.oceum.devserver.DevServer;
import ai.oceum.testing.TestClients;
import ai.oceum.testing.TestReceiver;
import ai.oceum.testing.TestReceiver.Recorded;
import ai.oceum.testing.TestReceiver.Reply;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** README's quick start, run as written: its main() against a receiver named by the OCEUM_* settings. */
class QuickStartTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private TestReceiver receiver;
    private CapturedLog log;

    @BeforeEach
    void start() {
        // Oceum prices gpt-4o at 2.50 / 10.00 USD per 1M tokens: 1200 in, 450 out cost 0.0075.
        receiver = TestReceiver.start().respondWith(r -> "usage".equals(r.eventType())
                ? Reply.json(200, "{\"ok\":true,\"event\":\"usage\",\"costUsd\":0.0075}") : Reply.ok());
        // What OCEUM_API_KEY, OCEUM_AGENT_ID and OCEUM_BASE_URL would say (a property wins over the variable).
        System.setProperty("oceum.api.key", TestClients.API_KEY);
        System.setProperty("oceum.agent.id", "quick-start");
        System.setProperty("oceum.base.url", receiver.baseUrl());
        System.setProperty("oceum.shutdown.hook", "false");
        log = CapturedLog.of(QuickStart.class);
    }

    @AfterEach
    void stop() {
        log.close();
        receiver.close();
        for (String p : List.of("oceum.api.key", "oceum.agent.id", "oceum.base.url", "oceum.shutdown.hook")) {
            System.clearProperty(p);
        }
    }

    @Test
    void theQuickStartReportsItsTaskUsageAndErrorAndLogsAReadableCost() {
        QuickStart.main(new String[0]);

        JsonNode done = receiver.awaitEvents("task_complete", 1, WAIT).get(0).data();
        assertThat(done.path("taskName").asText()).isEqualTo("triage-ticket");
        JsonNode usage = receiver.awaitEvents("usage", 1, WAIT).get(0).data();
        assertThat(usage.path("model").asText()).isEqualTo("gpt-4o");
        assertThat(usage.path("tokensInput").asLong()).isEqualTo(1200);
        assertThat(receiver.awaitEvents("error", 1, WAIT).get(0).data().toString()).contains("inbox unreachable");
        assertThat(receiver.requests()).allSatisfy(r ->
                assertThat(r.header("Authorization")).isEqualTo("Bearer " + TestClients.API_KEY));

        // The line a newcomer reads: an amount, not OptionalDouble[0.0075].
        await().atMost(WAIT).untilAsserted(() -> assertThat(log.messages()).contains("verdict billing", "cost 0.0075 USD"));
    }

    @Test
    void againstTheDevServerTheQuickStartLogsTheCostTheReadmeShows() {
        try (DevServer server = DevServer.builder().port(0).inMemory().build().start()) {
            System.setProperty("oceum.api.key", server.apiKey());
            System.setProperty("oceum.base.url", server.baseUrl());

            QuickStart.main(new String[0]);

            // README: "with the dev server's prices the log says cost 0.0075 USD".
            await().atMost(WAIT).untilAsserted(() -> assertThat(log.messages()).contains("cost 0.0075 USD"));
        }
    }

    @Test
    void withoutAnApiKeyTheQuickStartRunsAndSendsNothing() {
        assumeTrue(System.getenv("OCEUM_API_KEY") == null, "this test needs OCEUM_API_KEY unset");
        System.clearProperty("oceum.api.key");

        QuickStart.main(new String[0]);

        assertThat(log.messages()).contains("verdict billing").noneMatch(m -> m.startsWith("cost"));
        assertThat(receiver.requests()).isEmpty();
    }

    @Test
    void aTaskOpenedExplicitlyCountsWhatItsPoolThreadsReport() throws Exception {
        ExecutorService workers = Executors.newSingleThreadExecutor();
        try (Oceum oceum = TestClients.builder(receiver, "task-scope").build()) {
            TaskScopes.classify(oceum, workers);
            assertThat(oceum.flush(WAIT)).isTrue();
        } finally {
            workers.shutdownNow();
        }

        Recorded usage = receiver.awaitEvents("usage", 1, WAIT).get(0);
        assertThat(usage.data().path("taskName").asText()).isEqualTo("classify-ticket");
        JsonNode done = receiver.awaitEvents("task_complete", 1, WAIT).get(0).data();
        assertThat(done.path("taskName").asText()).isEqualTo("classify-ticket");
        // The pool thread's usage is summed into the task it was carried to.
        assertThat(done.path("usageTotals").path("tokensInput").asLong()).isEqualTo(800);
        assertThat(done.path("usageTotals").path("calls").asLong()).isEqualTo(1);
    }
}
