package com.example.boot4;

import static org.assertj.core.api.Assertions.assertThat;

import ai.oceum.Oceum;
import ai.oceum.testing.FakeOpenAi;
import ai.oceum.testing.FakeOpenAi.Reply;
import ai.oceum.testing.TestClients;
import ai.oceum.testing.TestReceiver;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole path in a real Boot 4.0 application on a random port: an HTTP request runs an
 * {@code @AgentTask} method that calls a LangChain4j AI service (OpenAI against a fake server)
 * that calls a tool, and logs an error; {@code /actuator/health} shows the Boot 4 contributor.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DeskAppTest {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TestReceiver receiver = TestReceiver.start();
    private static final FakeOpenAi openAi = startOpenAi();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("oceum.api-key", () -> TestClients.API_KEY);
        registry.add("oceum.agent-id", () -> "support-desk");
        registry.add("oceum.base-url", receiver::baseUrl);
        registry.add("management.endpoint.health.show-details", () -> "always");
        registry.add("desk.openai-url", openAi::baseUrl);
        // Spring AI is on this test class path too: keep its OpenAI models out of this application.
        registry.add("spring.ai.model.chat", () -> "none");
        registry.add("spring.ai.openai.api-key", () -> "unused");
    }

    private static FakeOpenAi startOpenAi() {
        return FakeOpenAi.start();
    }

    @AfterAll
    static void stopServers() {
        // The receiver stays up (a daemon server, gone with the JVM): the context, closed after this
        // class by @DirtiesContext, still reports its shutdown to it.
        openAi.close();
        Oceum.setGlobal(null);
    }

    @Test
    @Order(1)
    void aRequestIsReportedAsATaskTreeWithUsageToolCallsAndTheLoggedError() throws Exception {
        openAi.enqueue(
                Reply.toolCall("orderStatus", "{\"arg0\":\"4812\"}", 20, 10),
                Reply.answer("It shipped yesterday; a refund is on its way.", 31, 12));

        HttpResponse<String> response = post("/tickets", "Where is order 4812?");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("refund");

        List<TestReceiver.Recorded> starts = receiver.awaitEvents("task_start", 2, WAIT);
        JsonNode outer = byName(starts, "answer-ticket");
        JsonNode service = byName(starts, "Assistant.chat");
        assertThat(service.path("parentTaskId").asText())
                .isEqualTo(outer.path("taskId").asText());

        List<TestReceiver.Recorded> usage = receiver.awaitEvents("usage", 2, WAIT);
        assertThat(usage).allSatisfy(u -> {
            assertThat(u.data().path("taskId").asText())
                    .isEqualTo(service.path("taskId").asText());
            assertThat(u.data().path("model").asText()).isEqualTo(FakeOpenAi.MODEL);
            assertThat(u.data().path("provider").asText()).isEqualTo("openai");
        });
        assertThat(usage.stream()
                        .mapToInt(u -> u.data().path("tokensInput").asInt())
                        .sum())
                .isEqualTo(51);

        List<TestReceiver.Recorded> done = receiver.awaitEvents("task_complete", 2, WAIT);
        JsonNode serviceDone = byName(done, "Assistant.chat");
        JsonNode tool = serviceDone.path("meta").path("tools").get(0);
        assertThat(tool.path("name").asText()).isEqualTo("orderStatus");
        assertThat(tool.path("status").asText()).isEqualTo("ok");
        assertThat(tool.has("durationMs")).isTrue();
        JsonNode outerDone = byName(done, "answer-ticket");
        assertThat(outerDone.path("usageTotals").path("tokensInput").asLong()).isEqualTo(51);
        assertThat(outerDone.path("usageTotals").path("calls").asLong()).isEqualTo(2);

        JsonNode error = receiver.awaitEvents("error", 1, WAIT).get(0).data();
        assertThat(error.path("message").asText()).startsWith("Refund promised for a shipped order");
        assertThat(error.path("taskId").asText()).isEqualTo(outer.path("taskId").asText());

        assertThat(receiver.awaitEvents("heartbeat", 1, WAIT)
                        .get(0)
                        .json()
                        .path("agentId")
                        .asText())
                .isEqualTo("support-desk");
        assertThat(receiver.awaitEvents("status", 1, WAIT)
                        .get(0)
                        .data()
                        .path("status")
                        .asText())
                .isEqualTo("idle");
    }

    @Test
    @Order(2)
    void actuatorHealthShowsOceum_withoutTheKey() throws Exception {
        HttpResponse<String> response = get("/actuator/health");
        JsonNode oceum = JSON.readTree(response.body()).path("components").path("oceum");
        assertThat(oceum.path("status").asText()).isEqualTo("UP");
        assertThat(oceum.path("details").path("agentId").asText()).isEqualTo("support-desk");
        assertThat(oceum.path("details").has("sent")).isTrue();
        assertThat(response.body()).doesNotContain(TestClients.API_KEY);
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                .header("Content-Type", "text/plain")
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode byName(List<TestReceiver.Recorded> events, String name) {
        return events.stream()
                .map(TestReceiver.Recorded::data)
                .filter(d -> d.path("taskName").asText().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " in " + events));
    }
}
