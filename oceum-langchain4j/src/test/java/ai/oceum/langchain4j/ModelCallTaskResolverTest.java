package ai.oceum.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;

import ai.oceum.TaskScope;
import ai.oceum.langchain4j.Agents.Assistant;
import ai.oceum.langchain4j.OceumChatModelListenerTest.EchoModel;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.listener.ChatModelRequestContext;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.service.AiServices;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link ModelCallTaskResolver}s found with {@code ServiceLoader} (this module's test resources
 * register {@link ScriptedResolver}) name the task of a model call: after the AI-service hand-off,
 * before the task open on the calling thread.
 */
class ModelCallTaskResolverTest {
    private Harness h;

    /** Answers what the test sets; null (no opinion) otherwise, so that other tests see no change. */
    public static final class ScriptedResolver implements ModelCallTaskResolver {
        static volatile Supplier<TaskScope> answer;

        public ScriptedResolver() {}

        @Override
        public TaskScope taskFor(ChatModelRequestContext context) {
            Supplier<TaskScope> a = answer;
            return a == null ? null : a.get();
        }
    }

    @BeforeEach
    void start() throws Exception {
        h = new Harness();
    }

    @AfterEach
    void stop() {
        ScriptedResolver.answer = null;
        h.close();
    }

    private void chat(OceumChatModelListener listener) {
        new EchoModel(List.of(listener))
                .chat(ChatRequest.builder()
                        .messages(List.of(UserMessage.from("hi")))
                        .build());
    }

    @Test
    void isFoundOnTheClassPathOnce() {
        new OceumChatModelListener(h.oceum);
        assertThat(ModelCallTaskResolvers.count()).isEqualTo(1);
    }

    @Test
    void theResolversTaskWinsOverTheTaskOpenOnTheCallingThread() {
        TaskScope agent = h.oceum.startDetachedTask("agent", null, null);
        ScriptedResolver.answer = () -> agent;

        h.oceum.wrap("caller", () -> chat(new OceumChatModelListener(h.oceum)));
        agent.close();

        assertThat(h.only("usage").path("taskId").asText()).isEqualTo(agent.id());
    }

    @Test
    void anAiServiceInvocationStillOwnsItsOwnModelCalls() {
        TaskScope other = h.oceum.startDetachedTask("other", null, null);
        ScriptedResolver.answer = () -> other;
        Assistant assistant = OceumLangChain4j.instrument(AiServices.builder(Assistant.class), h.oceum)
                .chatModel(new EchoModel(List.of(new OceumChatModelListener(h.oceum))))
                .build();

        assistant.chat("hello");
        other.close();

        String invocation = h.all("task_start").stream()
                .filter(s -> s.path("taskName").asText().equals("Assistant.chat"))
                .findFirst()
                .orElseThrow()
                .path("taskId")
                .asText();
        assertThat(h.only("usage").path("taskId").asText()).isEqualTo(invocation);
    }

    @Test
    void aThrowingResolverOrAClosedTaskFallsBackToTheCallingThreadsTask() {
        TaskScope closed = h.oceum.startDetachedTask("closed", null, null);
        closed.close();
        ScriptedResolver.answer = () -> closed;
        h.oceum.wrap("caller", () -> chat(new OceumChatModelListener(h.oceum)));
        ScriptedResolver.answer = () -> {
            throw new IllegalStateException("resolver bug");
        };
        h.oceum.wrap("caller", () -> chat(new OceumChatModelListener(h.oceum)));

        List<String> callers = h.all("task_start").stream()
                .filter(s -> s.path("taskName").asText().equals("caller"))
                .map(s -> s.path("taskId").asText())
                .toList();
        assertThat(h.all("usage")).extracting(u -> u.path("taskId").asText()).containsExactlyElementsOf(callers);
    }
}
