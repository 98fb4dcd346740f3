package ai.oceum.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.oceum.TaskScope;
import ai.oceum.testing.FakeOpenAi;
import ai.oceum.testing.FakeOpenAi.Reply;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.listener.ChatModelRequestContext;
import dev.langchain4j.model.chat.listener.ChatModelResponseContext;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class OceumChatModelListenerTest {
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
    void reportsUsageOfAPlainModelCall() {
        h.openAi.enqueue(Reply.answer("Paris", 12, 3));
        OpenAiChatModel model = h.chatModel(new OceumChatModelListener(h.oceum));

        assertThat(model.chat("Capital of France?")).isEqualTo("Paris");

        JsonNode usage = h.only("usage");
        assertThat(usage.path("model").asText()).isEqualTo(FakeOpenAi.MODEL); // as answered, not as asked
        assertThat(usage.path("provider").asText()).isEqualTo("openai");
        assertThat(usage.path("tokensInput").asLong()).isEqualTo(12);
        assertThat(usage.path("tokensOutput").asLong()).isEqualTo(3);
        assertThat(usage.path("finishReason").asText()).isEqualTo("STOP");
        assertThat(usage.path("usageReported").asBoolean()).isTrue();
        assertThat(usage.has("durationMs")).isTrue();
        assertThat(usage.path("meta").path("requestedModel").asText()).isEqualTo("gpt-4o-mini");
        assertThat(usage.has("taskId")).as("no task was open").isFalse();
    }

    @Test
    void tiesUsageToTheTaskOpenWhereTheCallIsMade() {
        h.openAi.enqueue(Reply.answer("ok", 5, 1));
        OpenAiChatModel model = h.chatModel(new OceumChatModelListener(h.oceum));

        String taskId;
        try (TaskScope task = h.oceum.startTask("classify")) {
            taskId = task.id();
            model.chat("classify this");
        }

        JsonNode usage = h.only("usage");
        assertThat(usage.path("taskId").asText()).isEqualTo(taskId);
        assertThat(usage.path("taskName").asText()).isEqualTo("classify");
        JsonNode complete = h.only("task_complete");
        assertThat(complete.path("usageTotals").path("tokensInput").asLong()).isEqualTo(5);
    }

    @Test
    void marksUsageAsUnreportedWhenTheProviderGivesNone() {
        h.openAi.enqueue(Reply.answerWithoutUsage("no usage here"));
        h.chatModel(new OceumChatModelListener(h.oceum)).chat("hi");

        JsonNode usage = h.only("usage");
        assertThat(usage.path("usageReported").asBoolean()).isFalse();
        assertThat(usage.path("tokensInput").asLong()).isZero();
        assertThat(usage.path("model").asText()).isEqualTo(FakeOpenAi.MODEL);
    }

    @Test
    void reportsAServerErrorWithProviderModelAndTask() {
        h.openAi.enqueue(Reply.status(500));
        OpenAiChatModel model = h.chatModel(new OceumChatModelListener(h.oceum));

        String taskId;
        try (TaskScope task = h.oceum.startTask("ask")) {
            taskId = task.id();
            assertThatThrownBy(() -> model.chat("hi")).isInstanceOf(RuntimeException.class);
        }

        JsonNode error = h.only("error");
        assertThat(error.path("meta").path("provider").asText()).isEqualTo("openai");
        assertThat(error.path("meta").path("model").asText()).isEqualTo("gpt-4o-mini");
        assertThat(error.path("meta").path("httpStatus").asInt()).isEqualTo(500);
        assertThat(error.path("meta").path("source").asText()).isEqualTo("langchain4j.model");
        assertThat(error.path("taskId").asText()).isEqualTo(taskId);
        assertThat(error.path("type").asText()).isNotBlank();
        assertThat(h.all("usage")).isEmpty();
    }

    @Test
    void reportsAClientErrorStatusWithoutATask() {
        h.openAi.enqueue(Reply.status(401));
        OpenAiChatModel model = h.chatModel(new OceumChatModelListener(h.oceum));

        assertThatThrownBy(() -> model.chat("hi")).isInstanceOf(RuntimeException.class);

        JsonNode error = h.only("error");
        assertThat(error.path("meta").path("httpStatus").asInt()).isEqualTo(401);
        assertThat(error.path("meta").path("provider").asText()).isEqualTo("openai");
        assertThat(error.has("taskId")).isFalse();
        assertThat(h.wire()).as("the model's API key never reaches Oceum").doesNotContain("model-key");
    }

    @Test
    void reportsATimeoutAsAnError() throws Exception {
        // A model that never answers within its timeout: the listener sees the timeout as an error.
        try (var slow = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            OpenAiChatModel model = OpenAiChatModel.builder()
                    .baseUrl("http://127.0.0.1:" + slow.getLocalPort())
                    .apiKey("k")
                    .modelName("gpt-4o-mini")
                    .maxRetries(0)
                    .timeout(Duration.ofMillis(300))
                    .listeners(List.of(new OceumChatModelListener(h.oceum)))
                    .build();
            assertThatThrownBy(() -> model.chat("hi")).isInstanceOf(RuntimeException.class);
        }
        JsonNode error = h.only("error");
        assertThat(error.path("meta").path("timeout").asBoolean()).isTrue();
        assertThat(error.path("meta").path("provider").asText()).isEqualTo("openai");
    }

    @Test
    void tiesAStreamedAnswerToTheTaskOfTheRequestNotOfTheAnsweringThread() throws Exception {
        h.openAi.enqueue(Reply.answer("streamed answer", 7, 3));
        var model = h.streamingModel(new OceumChatModelListener(h.oceum));

        String taskId;
        try (TaskScope task = h.oceum.startTask("stream")) {
            taskId = task.id();
            Streamed answer = Streamed.from(model, "tell me");
            assertThat(answer.response.get(10, TimeUnit.SECONDS).aiMessage().text())
                    .isEqualTo("streamed answer");
            assertThat(answer.endedOn.get()).isNotSameAs(Thread.currentThread());
        }

        JsonNode usage = h.only("usage");
        assertThat(usage.path("taskId").asText()).isEqualTo(taskId);
        assertThat(usage.path("tokensInput").asLong()).isEqualTo(7);
        assertThat(usage.path("tokensOutput").asLong()).isEqualTo(3);
        assertThat(usage.path("usageReported").asBoolean()).isTrue();
        assertThat(usage.path("finishReason").asText()).isEqualTo("STOP");
    }

    @Test
    void tiesAStreamedFailureToTheTaskOfTheRequest() throws Exception {
        h.openAi.enqueue(Reply.status(503));
        var model = h.streamingModel(new OceumChatModelListener(h.oceum));

        String taskId;
        try (TaskScope task = h.oceum.startTask("stream")) {
            taskId = task.id();
            Streamed answer = Streamed.from(model, "tell me");
            assertThatThrownBy(() -> answer.response.get(10, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(RuntimeException.class);
        }

        JsonNode error = h.only("error");
        assertThat(error.path("taskId").asText()).isEqualTo(taskId);
        assertThat(error.path("meta").path("httpStatus").asInt()).isEqualTo(503);
        assertThat(error.path("meta").path("provider").asText()).isEqualTo("openai");
    }

    @Test
    void reportsAUserWrittenChatModel() {
        ChatModel own = new EchoModel(List.of(new OceumChatModelListener(h.oceum)));

        assertThat(own.chat("ping")).isEqualTo("echo: ping");

        JsonNode usage = h.only("usage");
        assertThat(usage.path("model").asText()).isEqualTo("echo-1");
        assertThat(usage.path("provider").asText()).isEqualTo("other");
        assertThat(usage.path("tokensInput").asLong()).isEqualTo(4);
        assertThat(usage.path("tokensOutput").asLong()).isEqualTo(2);
    }

    @Test
    void sendsNoPromptOrAnswerByDefault() {
        h.openAi.enqueue(Reply.answer("SECRET-ANSWER", 1, 1));
        h.chatModel(new OceumChatModelListener(h.oceum)).chat("SECRET-PROMPT");

        assertThat(h.wire()).doesNotContain("SECRET-PROMPT").doesNotContain("SECRET-ANSWER");
    }

    @Test
    void sendsTruncatedPromptAndAnswerWhenOptedIn() {
        OceumLangChain4jOptions options = OceumLangChain4jOptions.builder()
                .includeContent(true)
                .maxContentLength(10)
                .build();
        h.openAi.enqueue(Reply.answer("ANSWER-0123456789", 1, 1));
        h.chatModel(new OceumChatModelListener(h.oceum, options)).chat("PROMPT-0123456789");

        JsonNode meta = h.only("usage").path("meta");
        assertThat(meta.path("prompt").asText()).isEqualTo("PROMPT-012…[truncated 7 chars]");
        assertThat(meta.path("answer").asText()).isEqualTo("ANSWER-012…[truncated 7 chars]");
    }

    @Test
    void neverThrowsIntoLangChain4jAndLogsAWarningInstead() {
        ListAppender<ILoggingEvent> captured = capture();
        OceumChatModelListener listener = new OceumChatModelListener(h.oceum);
        // A context that fails when read makes the listener fail inside.
        ChatModelResponseContext broken =
                new ChatModelResponseContext(
                        ChatResponse.builder().aiMessage(AiMessage.from("x")).build(),
                        ChatRequest.builder().messages(UserMessage.from("x")).build(),
                        ModelProvider.OTHER,
                        new ConcurrentHashMap<>()) {
                    @Override
                    public ChatResponse chatResponse() {
                        throw new IllegalStateException("broken context");
                    }
                };

        assertThatNoException().isThrownBy(() -> listener.onResponse(broken));
        assertThat(captured.list).anySatisfy(e -> {
            assertThat(e.getLoggerName()).isEqualTo("ai.oceum.langchain4j");
            assertThat(e.getFormattedMessage()).contains("onResponse");
        });
    }

    @Test
    void keepsItsStateInTheCallAttributesAndRemovesItAtTheEnd() {
        Map<Object, Object> attributes = new ConcurrentHashMap<>();
        ChatModel own = new EchoModel(List.of(new OceumChatModelListener(h.oceum), new ChatModelListener() {
            @Override
            public void onRequest(ChatModelRequestContext c) {
                attributes.putAll(c.attributes());
            }
        }));
        own.chat("ping");

        assertThat(attributes).containsKey(OceumChatModelListener.ATTRIBUTE_KEY);
        assertThat(h.all("usage")).hasSize(1);
    }

    /** A streamed answer: its response (or failure) and the thread it ended on. */
    record Streamed(CompletableFuture<ChatResponse> response, AtomicReference<Thread> endedOn) {
        static Streamed from(StreamingChatModel model, String prompt) {
            Streamed s = new Streamed(new CompletableFuture<>(), new AtomicReference<>());
            model.chat(prompt, new StreamingChatResponseHandler() {
                @Override
                public void onPartialResponse(String partial) {}

                @Override
                public void onCompleteResponse(ChatResponse response) {
                    s.endedOn.set(Thread.currentThread());
                    s.response.complete(response);
                }

                @Override
                public void onError(Throwable error) {
                    s.endedOn.set(Thread.currentThread());
                    s.response.completeExceptionally(error);
                }
            });
            return s;
        }
    }

    static ListAppender<ILoggingEvent> capture() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        @SuppressWarnings("unchecked")
        ListAppender<ILoggingEvent> appender = (ListAppender<ILoggingEvent>)
                context.getLogger("ai.oceum.langchain4j").getAppender("CAPTURE");
        appender.list.clear();
        return appender;
    }

    /** A user's own model: answers "echo: …" with fixed usage, through LangChain4j's listener plumbing. */
    static class EchoModel implements ChatModel {
        private final List<ChatModelListener> listeners;

        EchoModel(List<ChatModelListener> listeners) {
            this.listeners = listeners;
        }

        @Override
        public ChatResponse doChat(ChatRequest request) {
            String text =
                    ((UserMessage) request.messages().get(request.messages().size() - 1)).singleText();
            return ChatResponse.builder()
                    .aiMessage(AiMessage.from("echo: " + text))
                    .modelName("echo-1")
                    .tokenUsage(new TokenUsage(4, 2))
                    .finishReason(FinishReason.STOP)
                    .build();
        }

        @Override
        public List<ChatModelListener> listeners() {
            return listeners;
        }
    }
}
