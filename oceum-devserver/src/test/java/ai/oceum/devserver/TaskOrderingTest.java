package ai.oceum.devserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Events of one task arriving in any order (SDKs keep several requests in flight; proxies and
 * retries reorder) and more than once: the server keeps exactly one run per task id, with the
 * start time of its start, the end time and status of its (first) ending, and its duration.
 */
@DatabaseTest
class TaskOrderingTest {
    private static final long T0 = 1_800_000_000_000L;

    private DevServer server;
    private Api api;

    @BeforeEach
    void start() {
        server = TestDatabase.builder().apiKey("k").build().start();
        api = new Api(server);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static String event(String type, String taskId, long at, String data) {
        return "{\"event\":\"" + type + "\",\"agentId\":\"order\",\"timestamp\":" + at
                + ",\"data\":{\"taskName\":\"triage-ticket\"," + "\"taskId\":\"" + taskId + "\""
                + (data.isEmpty() ? "" : "," + data) + "}}";
    }

    private List<JsonNode> runs(String taskId) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode t : api.dashboard().get("recentTasks")) {
            if (taskId.equals(t.path("taskId").asText(null))) {
                out.add(t);
            }
        }
        return out;
    }

    private JsonNode summary() {
        return WebhookProtocolTest.find(api.dashboard().get("taskSummaries"), "order", "name", "triage-ticket");
    }

    @Test
    void aCompletionBeforeItsStartMakesOneFinishedRunThatTheStartCompletes() {
        assertThat(api.event(event("task_complete", "t1", T0 + 1500, "\"durationMs\":1500"))
                        .status())
                .isEqualTo(200);
        assertThat(api.event(event("task_start", "t1", T0, "")).status()).isEqualTo(200);

        assertThat(runs("t1")).singleElement().satisfies(run -> {
            assertThat(run.get("status").asText()).isEqualTo("succeeded");
            assertThat(run.get("startedAt").asLong()).isEqualTo(T0);
            assertThat(run.get("endedAt").asLong()).isEqualTo(T0 + 1500);
            assertThat(run.get("durationMs").asLong()).isEqualTo(1500);
        });
        assertThat(summary().get("total").asLong()).isEqualTo(1);
        assertThat(summary().get("running").asLong()).isZero();
        assertThat(api.dashboard().get("totals").get("running").asLong()).isZero();
    }

    @Test
    void aLateStartGivesACompletionWithoutDurationItsDuration() {
        api.event(event("task_complete", "t2", T0 + 700, ""));
        assertThat(runs("t2").get(0).get("durationMs").isNull()).isTrue();
        api.event(event("task_start", "t2", T0, ""));
        assertThat(runs("t2"))
                .singleElement()
                .satisfies(run -> assertThat(run.get("durationMs").asLong()).isEqualTo(700));
    }

    @Test
    void usageAndErrorsBeforeTheStartOpenNoRun() {
        api.event(event("usage", "t3", T0 + 100, "\"model\":\"gpt-4o-mini\",\"tokensInput\":10,\"tokensOutput\":5"));
        api.event(event("error", "t3", T0 + 200, "\"message\":\"tool failed\""));
        assertThat(runs("t3")).isEmpty();
        api.event(event("task_complete", "t3", T0 + 900, "\"durationMs\":900"));
        api.event(event("task_start", "t3", T0, ""));

        assertThat(runs("t3")).singleElement().satisfies(run -> {
            assertThat(run.get("status").asText()).isEqualTo("succeeded");
            assertThat(run.get("startedAt").asLong()).isEqualTo(T0);
        });
        assertThat(summary().get("total").asLong()).isEqualTo(1);
    }

    @Test
    void aFailureBeforeItsStartStaysOneFailedRun() {
        api.event(event(
                "error",
                "t4",
                T0 + 300,
                "\"message\":\"no text\",\"type\":\"java.lang.IllegalArgumentException\","
                        + "\"taskStatus\":\"failed\",\"durationMs\":300"));
        api.event(event("task_start", "t4", T0, ""));

        assertThat(runs("t4")).singleElement().satisfies(run -> {
            assertThat(run.get("status").asText()).isEqualTo("failed");
            assertThat(run.get("startedAt").asLong()).isEqualTo(T0);
            assertThat(run.get("endedAt").asLong()).isEqualTo(T0 + 300);
            assertThat(run.get("durationMs").asLong()).isEqualTo(300);
        });
        assertThat(summary().get("failed").asLong()).isEqualTo(1);
        assertThat(summary().get("running").asLong()).isZero();
    }

    @Test
    void duplicatesWithoutAnIdempotencyKeyChangeNothing() {
        api.event(event("task_start", "t5", T0, ""));
        api.event(event("task_start", "t5", T0 + 5, ""));
        api.event(event("task_complete", "t5", T0 + 400, "\"durationMs\":400"));
        api.event(event("task_complete", "t5", T0 + 900, "\"durationMs\":900"));
        api.event(event("error", "t5", T0 + 950, "\"message\":\"late\",\"taskStatus\":\"failed\""));
        api.event(event("task_start", "t5", T0 + 1000, ""));

        assertThat(runs("t5")).singleElement().satisfies(run -> {
            assertThat(run.get("status").asText()).isEqualTo("succeeded");
            assertThat(run.get("startedAt").asLong()).isEqualTo(T0);
            assertThat(run.get("endedAt").asLong()).isEqualTo(T0 + 400);
            assertThat(run.get("durationMs").asLong()).isEqualTo(400);
        });
        assertThat(summary().get("total").asLong()).isEqualTo(1);
        assertThat(summary().get("running").asLong()).isZero();
    }

    @Test
    void duplicatesWithAnIdempotencyKeyAreAnsweredAgainAndStoredOnce() {
        String start = event("task_start", "t6", T0, "");
        String done = event("task_complete", "t6", T0 + 250, "\"durationMs\":250");
        api.event(done, "Idempotency-Key", "done-6");
        api.event(start, "Idempotency-Key", "start-6");
        Api.Reply again = api.event(done, "Idempotency-Key", "done-6");
        api.event(start, "Idempotency-Key", "start-6");

        assertThat(again.raw().headers().firstValue("Idempotent-Replayed")).contains("true");
        assertThat(runs("t6")).singleElement().satisfies(run -> {
            assertThat(run.get("status").asText()).isEqualTo("succeeded");
            assertThat(run.get("startedAt").asLong()).isEqualTo(T0);
            assertThat(run.get("durationMs").asLong()).isEqualTo(250);
        });
        assertThat(api.dashboard().get("totals").get("events").asLong()).isEqualTo(2);
    }

    @Test
    void aChildStartBeforeItsParentsKeepsBothRunsAndTheParentLink() {
        api.event("{\"event\":\"task_start\",\"agentId\":\"order\",\"timestamp\":" + (T0 + 10)
                + ",\"data\":{\"taskName\":\"classify\"," + "\"taskId\":\"child\",\"parentTaskId\":\"parent\"}}");
        api.event(event("task_start", "parent", T0, ""));
        api.event("{\"event\":\"task_complete\",\"agentId\":\"order\",\"timestamp\":" + (T0 + 20)
                + ",\"data\":{\"taskName\":\"classify\","
                + "\"taskId\":\"child\",\"parentTaskId\":\"parent\",\"durationMs\":10}}");
        api.event(event("task_complete", "parent", T0 + 30, "\"durationMs\":30"));

        assertThat(runs("child")).singleElement().satisfies(run -> {
            assertThat(run.get("parentTaskId").asText()).isEqualTo("parent");
            assertThat(run.get("status").asText()).isEqualTo("succeeded");
        });
        assertThat(runs("parent"))
                .singleElement()
                .satisfies(run -> assertThat(run.get("status").asText()).isEqualTo("succeeded"));
        assertThat(api.dashboard().get("totals").get("running").asLong()).isZero();
    }

    @Test
    void runsWithoutTaskIdsAreStillMatchedByName() {
        api.event("{\"event\":\"taskStart\",\"agent_id\":\"order\",\"data\":{\"name\":\"plain\"}}");
        api.event("{\"event\":\"taskComplete\",\"agent_id\":\"order\",\"data\":{\"name\":\"plain\"}}");
        JsonNode plain = WebhookProtocolTest.find(api.dashboard().get("taskSummaries"), "order", "name", "plain");
        assertThat(plain.get("total").asLong()).isEqualTo(1);
        assertThat(plain.get("succeeded").asLong()).isEqualTo(1);
    }
}
