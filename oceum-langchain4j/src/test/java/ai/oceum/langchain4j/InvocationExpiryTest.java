package ai.oceum.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.oceum.TaskScope;
import ai.oceum.langchain4j.Agents.Assistant;
import ai.oceum.langchain4j.Agents.StreamingAssistant;
import ai.oceum.langchain4j.OceumChatModelListenerTest.EchoModel;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.service.AiServices;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Invocations whose end LangChain4j never reports: their state expires (a fake clock stands in
 * for the minutes), their task is closed as failed, and nothing stays on the caller's thread.
 */
class InvocationExpiryTest {
    private static final Duration EXPIRY = Duration.ofMinutes(1);

    private final AtomicLong clock = new AtomicLong(1_000);
    private Harness h;
    private OceumLangChain4jOptions options;
    private OceumAiServiceListeners listeners;

    @BeforeEach
    void start() throws Exception {
        h = new Harness();
        options = OceumLangChain4jOptions.builder()
                .stateExpiry(EXPIRY)
                .nanoClock(clock::get)
                .build();
        listeners = OceumAiServiceListeners.create(h.oceum, options);
    }

    @AfterEach
    void stop() {
        h.close();
    }

    private void advance(Duration d) {
        clock.addAndGet(d.toNanos());
    }

    private Assistant assistant(ChatModel model) {
        return AiServices.builder(Assistant.class)
                .chatModel(model)
                .registerListeners(listeners)
                .build();
    }

    private StreamingAssistant streamingAssistant() {
        return AiServices.builder(StreamingAssistant.class)
                .streamingChatModel(h.streamingModel())
                .registerListeners(listeners)
                .build();
    }

    @Test
    void expiresAnInvocationEndedByAnErrorAndLeavesNothingOnTheCallersThread() {
        Assistant broken = assistant(new ErrorModel(List.of(new OceumChatModelListener(h.oceum, options))));

        assertThatThrownBy(() -> broken.chat("hi")).isInstanceOf(AssertionError.class);
        assertThat(listeners.openInvocations())
                .as("LangChain4j reported no end")
                .isEqualTo(1);
        assertThat(TaskScope.current())
                .as("nothing left on the caller's thread, even before expiry")
                .isEmpty();

        advance(EXPIRY.minusSeconds(1));
        assertThat(listeners.expireIdleInvocations()).isZero();
        advance(Duration.ofSeconds(2));
        assertThat(listeners.expireIdleInvocations()).isEqualTo(1);

        assertThat(listeners.openInvocations()).isZero();
        assertThat(h.eventTypes()).containsExactly("task_start", "error");
        String taskId = h.only("task_start").path("taskId").asText();
        JsonNode failure = h.only("error");
        assertThat(failure.path("taskId").asText()).isEqualTo(taskId);
        assertThat(failure.path("taskStatus").asText()).isEqualTo("failed");
        assertThat(failure.path("type").asText()).isEqualTo(AbandonedInvocationException.class.getName());
        assertThat(failure.path("message").asText()).contains("Assistant.chat").contains("no event for PT1M");
        assertThat(failure.path("meta").path("abandoned").asBoolean()).isTrue();

        // The next invocation on this thread is not a child of the abandoned one.
        assistant(new EchoModel(List.of())).chat("again");
        JsonNode next = h.all("task_start").get(1);
        assertThat(next.has("parentTaskId")).isFalse();
    }

    @Test
    void leavesTheOuterTaskCurrentWhenAModelFailsWithAnError() {
        Assistant broken = assistant(new ErrorModel(List.of(new OceumChatModelListener(h.oceum, options))));
        Assistant working = assistant(new EchoModel(List.of(new OceumChatModelListener(h.oceum, options))));

        try (TaskScope outer = h.oceum.startTask("outer-job")) {
            assertThatThrownBy(() -> broken.chat("hi")).isInstanceOf(AssertionError.class);
            assertThat(TaskScope.current()).contains(outer);
            working.chat("next");

            List<JsonNode> starts = h.all("task_start");
            assertThat(starts).hasSize(3);
            assertThat(starts.get(2).path("parentTaskId").asText())
                    .as("a child of the outer task, not of the dead one")
                    .isEqualTo(outer.id());
        }
    }

    @Test
    void collectsAnAbandonedStreamWhenTheNextInvocationStarts() {
        streamingAssistant().chat("never started"); // a TokenStream nobody starts
        assertThat(listeners.openInvocations()).isEqualTo(1);
        assertThat(TaskScope.current())
                .as("a stream leaves nothing on the caller's thread")
                .isEmpty();

        advance(EXPIRY.plusSeconds(1));
        assertThat(assistant(new EchoModel(List.of())).chat("next")).isEqualTo("echo: next");

        assertThat(listeners.openInvocations()).isZero();
        // Two unrelated tasks: each task's events keep their order, but the second task's start
        // may overtake the first one's failure (delivery orders events per task, not across tasks).
        assertThat(h.eventTypes()).containsExactlyInAnyOrder("task_start", "error", "task_start", "task_complete");
        JsonNode failure = h.only("error");
        assertThat(failure.path("taskName").asText()).isEqualTo("StreamingAssistant.chat");
        assertThat(failure.path("taskStatus").asText()).isEqualTo("failed");
        String abandonedId = failure.path("taskId").asText();
        assertThat(h.eventTypesOfTask(abandonedId)).containsExactly("task_start", "error");
        String nextId = h.only("task_complete").path("taskId").asText();
        assertThat(nextId).isNotEqualTo(abandonedId);
        assertThat(h.eventTypesOfTask(nextId)).containsExactly("task_start", "task_complete");
        JsonNode nextStart = h.all("task_start").stream()
                .filter(s -> s.path("taskId").asText().equals(nextId))
                .findFirst()
                .orElseThrow();
        assertThat(nextStart.has("parentTaskId")).isFalse();
    }

    @Test
    void countsExpiryFromTheLastEventNotFromTheStart() {
        // Each model call takes three quarters of the expiry and a sweep runs during it: the
        // invocation lasts one and a half expiries in all, but is never idle for a whole one.
        ChatModel slow = new ChatModel() {
            private int calls;

            @Override
            public ChatResponse doChat(ChatRequest request) {
                advance(EXPIRY.multipliedBy(3).dividedBy(4));
                listeners.expireIdleInvocations();
                AiMessage answer = calls++ == 0
                        ? AiMessage.from(ToolExecutionRequest.builder()
                                .id("1")
                                .name("lookupTicket")
                                .arguments("{\"arg0\":\"T-9\"}")
                                .build())
                        : AiMessage.from("done");
                return ChatResponse.builder().aiMessage(answer).build();
            }
        };
        Assistant assistant = AiServices.builder(Assistant.class)
                .chatModel(slow)
                .registerListeners(listeners)
                .tools(new Agents.TicketTools())
                .build();

        assertThat(assistant.chat("T-9?")).isEqualTo("done");

        assertThat(h.eventTypes()).containsExactly("task_start", "task_complete");
        assertThat(h.only("task_complete").path("meta").path("modelCalls").asInt())
                .isEqualTo(2);
    }

    @Test
    void warnsWhenAnExpiredInvocationCompletesAfterAll() throws Exception {
        ListAppender<ILoggingEvent> captured = OceumChatModelListenerTest.capture();
        ChatModel slow = new EchoModel(List.of()) {
            @Override
            public ChatResponse doChat(ChatRequest request) {
                advance(EXPIRY.multipliedBy(2)); // a model call longer than the expiry
                listeners.expireIdleInvocations();
                return super.doChat(request);
            }
        };

        assertThat(assistant(slow).chat("late")).isEqualTo("echo: late");

        assertThat(h.eventTypes()).containsExactly("task_start", "error");
        assertThat(h.only("error").path("meta").path("abandoned").asBoolean()).isTrue();
        assertThat(captured.list)
                .anySatisfy(e -> assertThat(e.getFormattedMessage()).contains("stateExpiry"));
    }

    @Test
    void boundsTheNumberOfOpenInvocations() {
        ListAppender<ILoggingEvent> captured = OceumChatModelListenerTest.capture();
        listeners = OceumAiServiceListeners.create(
                h.oceum, options.toBuilder().maxOpenInvocations(2).build());
        StreamingAssistant stream = streamingAssistant();

        stream.chat("first");
        advance(Duration.ofSeconds(1));
        stream.chat("second");
        advance(Duration.ofSeconds(1));
        stream.chat("third");

        assertThat(listeners.openInvocations()).isEqualTo(2);
        List<JsonNode> starts = h.all("task_start");
        JsonNode evicted = h.only("error");
        assertThat(evicted.path("taskId").asText())
                .isEqualTo(starts.get(0).path("taskId").asText());
        assertThat(evicted.path("message").asText()).contains("evicted");
        assertThat(captured.list)
                .anySatisfy(e -> assertThat(e.getFormattedMessage()).contains("maxOpenInvocations"));
    }

    /** A user's model that fails with an {@link Error}: LangChain4j then reports no end at all. */
    static final class ErrorModel implements ChatModel {
        private final List<ChatModelListener> listeners;

        ErrorModel(List<ChatModelListener> listeners) {
            this.listeners = listeners;
        }

        @Override
        public ChatResponse doChat(ChatRequest request) {
            throw new AssertionError("model crashed with an Error");
        }

        @Override
        public List<ChatModelListener> listeners() {
            return listeners;
        }
    }
}
