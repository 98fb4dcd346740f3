package com.example.supportdesk;

import static ai.oceum.spring.boot.AppReports.task;
import static org.assertj.core.api.Assertions.assertThat;

import ai.oceum.Oceum;
import ai.oceum.spring.boot.AppReports;
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
 * The whole path in a real web application on a random port, with only the two properties (plus
 * the test receiver's URL) for Oceum: an HTTP request runs the {@code @AgentTask} method of
 * {@link SupportAgent}, which calls the LangChain4j AI service {@link Assistant} (OpenAI against a
 * fake server), which calls the {@link OrderTools} tool; the agent logs an error; and
 * {@code /actuator/health} shows Oceum without the key. (The application's package is outside
 * {@code ai.oceum}: the appender never sends what the SDK's own loggers log.)
 *
 * <p>Each Boot line runs it on its own application, which {@code @SpringBootTest} finds from the
 * subclass's package. The applications differ only in who builds the AI service, and so in the
 * properties that point its model at {@link #openAiUrl()}: the subclass adds them with a
 * {@code @DynamicPropertySource} method of its own. One subclass per module: the receiver and the
 * fake server are static (the context starts before any test instance exists), shared by its
 * tests in order.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public abstract class SupportDeskContract {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TestReceiver receiver = TestReceiver.start();
    private static final FakeOpenAi openAi = FakeOpenAi.start();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void oceumProperties(DynamicPropertyRegistry registry) {
        registry.add("oceum.api-key", () -> TestClients.API_KEY);
        registry.add("oceum.agent-id", () -> "support-desk");
        registry.add("oceum.base-url", receiver::baseUrl);
        registry.add("management.endpoint.health.show-details", () -> "always");
        // Spring AI is on this test class path too: keep its OpenAI chat model out of this application.
        registry.add("spring.ai.model.chat", () -> "none");
        registry.add("spring.ai.openai.api-key", () -> "unused");
    }

    /** The fake OpenAI server's base URL, for the subclass's model properties. */
    protected static String openAiUrl() {
        return openAi.baseUrl();
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
        JsonNode outer = task(starts, "answer-ticket");
        JsonNode service = task(starts, "Assistant.chat");
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
        JsonNode serviceDone = task(done, "Assistant.chat");
        JsonNode tool = serviceDone.path("meta").path("tools").get(0);
        assertThat(tool.path("name").asText()).isEqualTo("orderStatus");
        assertThat(tool.path("status").asText()).isEqualTo("ok");
        assertThat(tool.has("durationMs")).isTrue();
        JsonNode outerDone = task(done, "answer-ticket");
        assertThat(outerDone.path("usageTotals").path("tokensInput").asLong()).isEqualTo(51);
        assertThat(outerDone.path("usageTotals").path("calls").asLong()).isEqualTo(2);

        JsonNode error = receiver.awaitEvents("error", 1, WAIT).get(0).data();
        assertThat(error.path("message").asText()).startsWith("Refund promised for a shipped order");
        assertThat(error.path("taskId").asText()).isEqualTo(outer.path("taskId").asText());

        AppReports.assertHeartbeatAndIdleStatus(receiver, "support-desk", WAIT);
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
}
