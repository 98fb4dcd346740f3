package com.example.aidesk;

import static ai.oceum.spring.boot.AppReports.task;
import static org.assertj.core.api.Assertions.assertThat;

import ai.oceum.Oceum;
import ai.oceum.spring.boot.AppReports;
import ai.oceum.testing.FakeOpenAi;
import ai.oceum.testing.TestClients;
import ai.oceum.testing.TestReceiver;
import ai.oceum.testing.TestReceiver.Recorded;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * Issue 14's promise on Boot 4.0, where LangChain4j's Boot starters do not run: a Spring AI 2.0
 * application ({@link AiDeskApp}: Spring AI's OpenAI starter, a {@code ChatClient} with tools, an
 * {@code @AgentTask} bean that logs an error) with the starter and README's two properties
 * ({@code readme/application.properties}, verbatim) — no Oceum code — reports the task tree, per-call
 * usage, the tool calls (a failed one as failed), the logged error, the heartbeat and the status,
 * over a real HTTP request on a random port. Besides the README's file the test only says where the
 * receiver and the fake OpenAI server are, and what {@code OCEUM_API_KEY} would hold.
 */
@SpringBootTest(classes = AiDeskApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestPropertySource(locations = "classpath:readme/application.properties")
@DirtiesContext
class AiDeskAppTest {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TestReceiver receiver = TestReceiver.start();
    private static final FakeOpenAi openAi = startOpenAi();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("OCEUM_API_KEY", () -> TestClients.API_KEY); // what the environment variable would say
        registry.add("oceum.base-url", receiver::baseUrl);
        registry.add("management.endpoint.health.show-details", () -> "always");
        for (String property : SpringAiLine.openAi(openAi.baseUrl())) {
            String[] nameAndValue = property.split("=", 2);
            registry.add(nameAndValue[0], () -> nameAndValue[1]);
        }
    }

    private static FakeOpenAi startOpenAi() {
        return FakeOpenAi.start().respondWith(Script::reply);
    }

    @AfterAll
    static void stopServers() {
        // The receiver stays up (a daemon server, gone with the JVM) for the context's shutdown reports.
        openAi.close();
        Oceum.setGlobal(null);
    }

    @Test
    void aTicketIsReportedAsATaskTreeWithUsageToolCallsTheLoggedErrorAndTheHeartbeat() throws Exception {
        HttpResponse<String> response = http(HttpRequest.newBuilder(uri("/tickets"))
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("Where is order 4812? Please cancel it.")));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(Script.ANSWER);

        List<Recorded> starts = receiver.awaitEvents("task_start", 2, WAIT);
        JsonNode ticket = task(starts, "answer-ticket");
        JsonNode call = task(starts, "ChatClient.call");
        assertThat(call.path("parentTaskId").asText())
                .isEqualTo(ticket.path("taskId").asText());

        List<Recorded> usage = receiver.awaitEvents("usage", 3, WAIT);
        assertThat(usage).extracting(u -> u.data().path("tokensInput").asInt()).containsExactly(20, 25, 31);
        assertThat(usage)
                .allSatisfy(u -> assertThat(u.data().path("taskId").asText())
                        .isEqualTo(call.path("taskId").asText()));

        List<Recorded> done = receiver.awaitEvents("task_complete", 2, WAIT);
        assertThat(task(done, "ChatClient.call").path("meta").path("tools"))
                .extracting(
                        t -> t.path("name").asText() + ":" + t.path("status").asText())
                .containsExactly("orderStatus:ok", "cancelOrder:failed");
        assertThat(task(done, "answer-ticket")
                        .path("usageTotals")
                        .path("tokensInput")
                        .asInt())
                .isEqualTo(76);

        List<Recorded> errors = receiver.awaitEvents("error", 2, WAIT);
        assertThat(errors)
                .extracting(e -> e.data().path("meta").path("source").asText())
                .contains("spring-ai.tool");
        JsonNode logged = errors.stream()
                .map(Recorded::data)
                .filter(e -> e.path("message").asText().startsWith("Ticket needs a human"))
                .findFirst()
                .orElseThrow();
        assertThat(logged.path("taskId").asText())
                .isEqualTo(ticket.path("taskId").asText());

        AppReports.assertHeartbeatAndIdleStatus(receiver, "support-desk", WAIT);
        assertThat(receiver.requests())
                .allSatisfy(r -> assertThat(r.header("Authorization")).isEqualTo("Bearer " + TestClients.API_KEY));

        JsonNode health = JSON.readTree(
                http(HttpRequest.newBuilder(uri("/actuator/health"))).body());
        assertThat(health.path("components").path("oceum").path("status").asText())
                .isEqualTo("UP");
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static HttpResponse<String> http(HttpRequest.Builder request) throws Exception {
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
