package ai.oceum;

import static org.assertj.core.api.Assertions.assertThat;

import ai.oceum.testing.TestReceiver;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeliverySmokeTest {

    @Test
    void deliversTaskEventsWithUsageSummedOverTheTask() throws Exception {
        try (TestReceiver receiver = TestReceiver.start();
                Oceum oceum = Oceum.builder()
                        .apiKey("test-key")
                        .agentId("smoke")
                        .baseUrl(receiver.baseUrl())
                        .shutdownHook(false)
                        .build()) {
            String result = oceum.wrap("triage", Map.of("ticket", 7), () -> {
                oceum.reportUsage(Usage.builder()
                        .model("gpt-4o-mini")
                        .tokensInput(10)
                        .tokensOutput(5)
                        .build());
                return "done";
            });
            assertThat(result).isEqualTo("done");
            assertThat(oceum.flush(Duration.ofSeconds(10))).isTrue();

            List<TestReceiver.Recorded> completes = receiver.awaitEvents("task_complete", 1, Duration.ofSeconds(10));
            TestReceiver.Recorded complete = completes.get(0);
            assertThat(complete.header("Authorization")).isEqualTo("Bearer test-key");
            assertThat(complete.eventId()).isNotBlank();
            assertThat(complete.data().path("taskName").asText()).isEqualTo("triage");
            assertThat(complete.data().path("usageTotals").path("tokensInput").asLong())
                    .isEqualTo(10);
            TestReceiver.Recorded usage = receiver.events("usage").get(0);
            assertThat(usage.data().path("taskId").asText())
                    .isEqualTo(complete.data().path("taskId").asText());
            assertThat(oceum.stats().sent()).isEqualTo(3);
        }
    }
}
