package ai.oceum.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import ai.oceum.testing.TestReceiver;
import ai.oceum.testing.TestReceiver.Recorded;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;

/**
 * Checks of what a running application reported to a {@link TestReceiver}, made alike by the
 * application tests of both lines ({@code com.example.supportdesk.SupportDeskContract}, and Boot
 * 4's {@code AiDeskAppTest}). Stateless; call from the test thread.
 */
public final class AppReports {
    private AppReports() {}

    /** The data of the first event in {@code events} about the task named {@code taskName}; fails if none is. */
    public static JsonNode task(List<Recorded> events, String taskName) {
        return events.stream()
                .map(Recorded::data)
                .filter(d -> d.path("taskName").asText().equals(taskName))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + taskName + " in " + events));
    }

    /**
     * Waits up to {@code wait} for a heartbeat and a status report, and asserts that the heartbeat
     * names {@code agentId} and the first status is {@code idle}.
     */
    public static void assertHeartbeatAndIdleStatus(TestReceiver receiver, String agentId, Duration wait) {
        assertThat(receiver.awaitEvents("heartbeat", 1, wait)
                        .get(0)
                        .json()
                        .path("agentId")
                        .asText())
                .isEqualTo(agentId);
        assertThat(receiver.awaitEvents("status", 1, wait)
                        .get(0)
                        .data()
                        .path("status")
                        .asText())
                .isEqualTo("idle");
    }
}
