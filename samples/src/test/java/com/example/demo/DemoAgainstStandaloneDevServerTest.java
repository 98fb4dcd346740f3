package com.example.demo;

import static org.assertj.core.api.Assertions.assertThat;

import ai.oceum.devserver.DevServer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The demo reporting to a dev server of its own process (as with {@code OCEUM_BASE_URL}): once it
 * ended, no task is left running and the runs the server counts are the ones the demo itself
 * reports. Before the dev server accepted any arrival order, a completion that overtook its
 * start (the SDK keeps several requests in flight) left a second run "running" forever.
 */
class DemoAgainstStandaloneDevServerTest {

    private static final Pattern TICKETS = Pattern.compile("tickets\\s+(\\d+) triaged, (\\d+) failed");
    private static final Pattern CALLS =
            Pattern.compile("model calls\\s+(\\d+) \\((\\d+) tokens in, (\\d+) tokens out\\)");

    private final ObjectMapper json = new ObjectMapper();

    @AfterEach
    void clearSettings() {
        System.clearProperty("oceum.base.url");
        System.clearProperty("oceum.api.key");
    }

    /** The demo's own summary: tickets triaged and failed, model calls, tokens in and out. */
    private record Summary(long triaged, long failed, long calls, long tokensIn, long tokensOut) {
        Summary plus(Summary o) {
            return new Summary(
                    triaged + o.triaged,
                    failed + o.failed,
                    calls + o.calls,
                    tokensIn + o.tokensIn,
                    tokensOut + o.tokensOut);
        }
    }

    private static Summary runDemo(String baseUrl) throws Exception {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        int code = new Demo(new PrintStream(buffer, true, StandardCharsets.UTF_8)).run(List.of());
        String out = buffer.toString(StandardCharsets.UTF_8);
        assertThat(code).as(out).isZero();
        assertThat(out).contains("Reporting to " + baseUrl);
        Matcher tickets = TICKETS.matcher(out);
        Matcher calls = CALLS.matcher(out);
        assertThat(tickets.find()).as(out).isTrue();
        assertThat(calls.find()).as(out).isTrue();
        return new Summary(
                Long.parseLong(tickets.group(1)),
                Long.parseLong(tickets.group(2)),
                Long.parseLong(calls.group(1)),
                Long.parseLong(calls.group(2)),
                Long.parseLong(calls.group(3)));
    }

    private JsonNode dashboard(DevServer server) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/dashboard"))
                                .header("Authorization", "Bearer " + server.apiKey())
                                .timeout(Duration.ofSeconds(10))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return json.readTree(r.body());
    }

    private static JsonNode summaryOf(JsonNode dashboard, String task) {
        for (JsonNode s : dashboard.get("taskSummaries")) {
            if (s.get("name").asText().equals(task)) {
                return s;
            }
        }
        throw new AssertionError("no task " + task + " in " + dashboard.get("taskSummaries"));
    }

    private static void assertCountsMatch(JsonNode d, Summary demo) {
        assertThat(d.get("totals").get("running").asLong()).as("running tasks").isZero();
        for (JsonNode agent : d.get("agents")) {
            assertThat(agent.get("tasksRunning").asLong())
                    .as(agent.get("agentId").asText())
                    .isZero();
        }
        JsonNode triage = summaryOf(d, "triage-ticket");
        assertThat(triage.get("total").asLong()).isEqualTo(demo.triaged() + demo.failed());
        assertThat(triage.get("succeeded").asLong()).isEqualTo(demo.triaged());
        assertThat(triage.get("failed").asLong()).isEqualTo(demo.failed());
        long calls = 0;
        long in = 0;
        long out = 0;
        for (JsonNode u : d.get("usage")) {
            calls += u.get("calls").asLong();
            in += u.get("tokensInput").asLong();
            out += u.get("tokensOutput").asLong();
        }
        assertThat(calls).as("model calls").isEqualTo(demo.calls());
        assertThat(in).as("tokens in").isEqualTo(demo.tokensIn());
        assertThat(out).as("tokens out").isEqualTo(demo.tokensOut());
        // Each reply of the multi-agent workflow: one run of each agent, two of each in the review loop, all ended.
        long replies = summaryOf(d, "reply-to-ticket").get("total").asLong();
        assertThat(replies).isPositive();
        for (String task :
                new String[] {"reply-workflow", "classify", "review-loop", "final-checks", "policy-check", "tone-check"
                }) {
            assertThat(summaryOf(d, task).get("succeeded").asLong()).as(task).isEqualTo(replies);
        }
        for (String task : new String[] {"draft-reply", "review-reply"}) {
            assertThat(summaryOf(d, task).get("succeeded").asLong()).as(task).isEqualTo(2 * replies);
        }
    }

    @Test
    void afterTheDemoNoTaskIsRunningAndTheServersCountsAreTheDemos() throws Exception {
        try (DevServer server = DevServer.builder().inMemory().build().start()) {
            System.setProperty("oceum.base.url", server.baseUrl());
            System.setProperty("oceum.api.key", server.apiKey());

            Summary first = runDemo(server.baseUrl());
            assertThat(first.failed()).isPositive();
            JsonNode d = dashboard(server);
            assertCountsMatch(d, first);
            // One failed ticket reads as one failure: the log line about it (when the appender sent it: its
            // flood window holds back a repeat within a minute in this JVM) is listed under it, not beside it.
            JsonNode failure = null;
            for (JsonNode g : d.get("errors")) {
                assertThat(g.get("message").asText()).doesNotStartWith("Cannot triage ticket");
                if (g.get("taskName").asText("").equals("triage-ticket")) {
                    assertThat(failure)
                            .as("one error group for the failed ticket")
                            .isNull();
                    failure = g;
                }
            }
            assertThat(failure).isNotNull();
            assertThat(failure.get("type").asText()).isEqualTo("java.lang.IllegalArgumentException");
            // The failed tool has a type and its details, not a bare "error".
            assertThat(d.get("errors").findValuesAsText("type"))
                    .contains("tool:lookupCustomer")
                    .doesNotContain("error");

            Summary second = runDemo(server.baseUrl());
            assertCountsMatch(dashboard(server), first.plus(second));
        }
    }
}
