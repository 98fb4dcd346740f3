package ai.oceum.springai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.oceum.testing.FakeOpenAi.Reply;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.client.ChatClient;

/** A failing model call: one {@code error} with provider, model and HTTP status or timeout; the call's task failed. */
class ModelFailureTest {
    private Harness h;

    @BeforeEach
    void start() throws Exception {
        h = new Harness();
    }

    @AfterEach
    void stop() {
        h.close();
    }

    @Test
    void reportsAnHttp500AfterSpringAisRetryAsOneModelErrorAndAFailedTask() {
        h.openAi.enqueue(Reply.status(500), Reply.status(500));
        ChatClient chat = h.chatClient(ModelSetup.defaults().retries(1));

        assertThatThrownBy(() -> chat.prompt().user("Hi").call().content()).isNotNull();

        assertThat(h.openAi.requests()).as("Spring AI retried once").hasSize(2);
        assertThat(h.eventTypes()).containsExactly("task_start", "error", "error");
        List<JsonNode> errors = h.all("error");
        JsonNode modelError = errors.get(0);
        String taskId = h.only("task_start").path("taskId").asText();
        assertThat(modelError.path("taskId").asText()).isEqualTo(taskId);
        assertThat(modelError.has("taskStatus")).isFalse();
        assertThat(modelError.path("type").asText()).isNotEmpty();
        JsonNode meta = modelError.path("meta");
        assertThat(meta.path("source").asText()).isEqualTo("spring-ai.model");
        assertThat(meta.path("provider").asText()).isEqualTo("openai");
        assertThat(meta.path("model").asText()).isEqualTo("gpt-4o-mini");
        assertThat(meta.path("httpStatus").asInt()).isEqualTo(500);
        assertThat(meta.path("durationMs").isNumber()).isTrue();
        assertThat(meta.has("timeout")).isFalse();
        JsonNode failed = errors.get(1);
        assertThat(failed.path("taskId").asText()).isEqualTo(taskId);
        assertThat(failed.path("taskStatus").asText()).isEqualTo("failed");
        assertThat(failed.path("meta").path("modelCalls").asInt()).isZero();
        assertThat(failed.path("meta").path("provider").asText()).isEqualTo("openai");
        assertThat(failed.path("meta").path("model").asText()).isEqualTo("gpt-4o-mini");
        assertThat(failed.path("meta").path("httpStatus").asInt()).isEqualTo(500);
        assertThat(h.handler.openCalls()).isZero();
    }

    @Test
    void reportsATimeoutAsAModelErrorMarkedTimeout() {
        h.openAi.enqueue(Reply.answer("too late", 1, 1).after(Duration.ofSeconds(20)));
        ChatClient chat = h.chatClient(ModelSetup.defaults().timeout(Duration.ofMillis(300)));

        assertThatThrownBy(() -> chat.prompt().user("Hi").call().content()).isNotNull();

        List<JsonNode> errors = h.all("error");
        assertThat(errors).hasSize(2);
        JsonNode meta = errors.get(0).path("meta");
        assertThat(meta.path("timeout").asBoolean()).isTrue();
        assertThat(meta.has("httpStatus")).isFalse();
        assertThat(meta.path("durationMs").asLong()).isGreaterThanOrEqualTo(250);
        assertThat(errors.get(1).path("taskStatus").asText()).isEqualTo("failed");
        assertThat(errors.get(1).path("meta").path("timeout").asBoolean()).isTrue();
    }

    @Test
    void reportsAClientErrorWithItsStatusAndNoRetry() {
        h.openAi.respondWith(request -> Reply.status(401));
        ChatClient chat = h.chatClient(ModelSetup.defaults().retries(2));

        assertThatThrownBy(() -> chat.prompt().user("Hi").call().content()).isNotNull();

        assertThat(h.all("error").get(0).path("meta").path("httpStatus").asInt())
                .isEqualTo(401);
    }
}
