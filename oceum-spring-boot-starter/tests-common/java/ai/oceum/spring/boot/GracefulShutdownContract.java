package ai.oceum.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import ai.oceum.Oceum;
import ai.oceum.OceumStats;
import ai.oceum.testing.FakeOpenAi;
import ai.oceum.testing.FakeOpenAi.Reply;
import ai.oceum.testing.TestClients;
import ai.oceum.testing.TestReceiver;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A real web application's shutdown, with graceful shutdown on: a request still running when the
 * application is closed finishes, and everything it reported is delivered before the client
 * closes. Each Boot line runs it on its own application: a {@code POST /tickets} served by an
 * {@code @AgentTask("answer-ticket")} method that calls the LangChain4j AI service
 * {@code Assistant.chat}.
 */
public abstract class GracefulShutdownContract {

    /** The application class. */
    protected abstract Class<?> application();

    /** The properties that point the application's OpenAI model at {@code openAiUrl}. */
    protected abstract List<String> modelProperties(String openAiUrl);

    @Test
    void closingTheApplicationDeliversEverythingThatWasAccepted_includingARequestInProgress() throws Exception {
        try (TestReceiver receiver = TestReceiver.start();
                FakeOpenAi openAi = FakeOpenAi.start()) {
            List<String> properties = new ArrayList<>(List.of(
                    "server.port=0",
                    "server.shutdown=graceful",
                    "oceum.api-key=" + TestClients.API_KEY,
                    "oceum.agent-id=shutdown-desk",
                    "oceum.base-url=" + receiver.baseUrl(),
                    "spring.ai.model.chat=none",
                    "spring.ai.openai.api-key=unused"));
            properties.addAll(modelProperties(openAi.baseUrl()));
            ConfigurableApplicationContext app = new SpringApplicationBuilder(application())
                    .properties(properties.toArray(String[]::new))
                    .run();
            Oceum oceum = app.getBean(Oceum.class);
            // Boot publishes the port it bound under this name on both lines (the web server context class moved in
            // 4.0).
            int port = app.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
            // The model answers slowly: the request is still running when the application closes.
            CompletableFuture<Void> answerSent = new CompletableFuture<>();
            openAi.respondWith(request -> {
                answerSent.complete(null);
                sleepQuietly(Duration.ofMillis(500));
                return Reply.answer("On its way.", 5, 3);
            });
            CompletableFuture<HttpResponse<String>> response = HttpClient.newHttpClient()
                    .sendAsync(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/tickets"))
                                    .POST(HttpRequest.BodyPublishers.ofString("Where is order 7?"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            answerSent.get();
            app.close();

            assertThat(response.get().statusCode()).isEqualTo(200);
            OceumStats stats = oceum.stats();
            assertThat(oceum.isClosed()).isTrue();
            assertThat(stats.sent()).isEqualTo(stats.accepted());
            assertThat(stats.droppedTotal()).isZero();
            assertThat(receiver.events("task_complete"))
                    .extracting(e -> e.data().path("taskName").asText())
                    .contains("answer-ticket", "Assistant.chat");
            assertThat(receiver.events("status"))
                    .last()
                    .satisfies(e -> assertThat(e.data().path("status").asText()).isEqualTo("shutting-down"));
        } finally {
            Oceum.setGlobal(null);
        }
    }

    private static void sleepQuietly(Duration d) {
        try {
            Thread.sleep(d.toMillis()); // a slow model, on the fake server's thread; nothing waits on it by polling
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
