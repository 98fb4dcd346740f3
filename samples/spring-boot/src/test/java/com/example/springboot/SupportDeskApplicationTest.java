package com.example.springboot;

import static org.assertj.core.api.Assertions.assertThat;

import ai.oceum.Oceum;
import ai.oceum.testing.TestClients;
import ai.oceum.testing.TestReceiver;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

class SupportDeskApplicationTest {
    private static final Duration WAIT = Duration.ofSeconds(15);

    @Test
    void aTicketIsAnsweredWithTheToolAndReportedAsATaskWithUsageAndTheToolCall() throws Exception {
        try (TestReceiver receiver = TestReceiver.start();
                ConfigurableApplicationContext app = new SpringApplicationBuilder(SupportDeskApplication.class)
                        .properties(
                                "server.port=0",
                                "oceum.api-key=" + TestClients.API_KEY,
                                "oceum.base-url=" + receiver.baseUrl())
                        .run()) {
            int port = ((WebServerApplicationContext) app).getWebServer().getPort();
            HttpResponse<String> response = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/tickets"))
                                    .header("Content-Type", "text/plain")
                                    .POST(HttpRequest.BodyPublishers.ofString("Where is my order 4812?"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(response.body())
                    .isEqualTo("Thanks for asking: order 4812: shipped on Monday, arriving Thursday.");

            var done = receiver.awaitEvents("task_complete", 2, WAIT);
            assertThat(done)
                    .extracting(e -> e.data().path("taskName").asText())
                    .contains("answer-ticket", "Assistant.answer");
            assertThat(receiver.awaitEvents("usage", 2, WAIT))
                    .allSatisfy(u -> assertThat(u.data().path("model").asText()).isEqualTo(OfflineModel.NAME));
            assertThat(done.stream()
                            .filter(e -> e.data().path("taskName").asText().equals("Assistant.answer"))
                            .findFirst()
                            .orElseThrow()
                            .data()
                            .path("meta")
                            .path("tools")
                            .get(0)
                            .path("name")
                            .asText())
                    .isEqualTo("orderStatus");
        } finally {
            Oceum.setGlobal(null);
        }
    }
}
