package ai.oceum.langchain4j.agentic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.oceum.langchain4j.agentic.Agents.Editor;
import ai.oceum.langchain4j.agentic.Agents.Expert;
import ai.oceum.langchain4j.agentic.Agents.Writer;
import ai.oceum.langchain4j.agentic.ScriptedModel.Answer;
import ai.oceum.langchain4j.agentic.Trace.Task;
import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.agentic.AgenticServices;
import dev.langchain4j.agentic.UntypedAgent;
import dev.langchain4j.agentic.agent.AgentInvocationException;
import dev.langchain4j.agentic.agent.ErrorRecoveryResult;
import dev.langchain4j.invocation.LangChain4jManaged;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A failure is reported once, where it began, with its cause (not LangChain4j's wrapper at every
 * level); every ancestor ends failed and points at it; an error handler's retry or fallback is
 * not a failure of the workflow.
 */
@Timeout(60)
class FailuresTest {
    private final Harness h = new Harness();

    @AfterEach
    void stop() {
        h.close();
    }

    /** Answers the writer; the editor's call fails {@code editorFailures} times, then answers. */
    private ScriptedModel model(int editorFailures) {
        AtomicInteger failuresLeft = new AtomicInteger(editorFailures);
        return new ScriptedModel(
                "scripted",
                request -> {
                    String p = ScriptedModel.prompt(request);
                    if (p.startsWith("Edit") && failuresLeft.getAndDecrement() > 0) {
                        throw new IllegalStateException("model exploded (HTTP 500)");
                    }
                    return p.startsWith("Write") ? Answer.text("STORY", 100, 10) : Answer.text("EDITED", 200, 20);
                },
                h.modelListener());
    }

    @Test
    void aFailingAgentIsReportedOnceWithItsCauseAndEveryAncestorEndsFailed() {
        ScriptedModel m = model(100);
        UntypedAgent loop = AgenticServices.loopBuilder()
                .name("review")
                .subAgents(
                        AgenticServices.agentBuilder(Editor.class).chatModel(m).build())
                .maxIterations(2)
                .build();
        UntypedAgent seq = OceumAgentic.instrument(AgenticServices.sequenceBuilder(), h.oceum)
                .name("story")
                .subAgents(
                        AgenticServices.agentBuilder(Writer.class).chatModel(m).build(), loop)
                .outputKey("story")
                .build();

        assertThatThrownBy(() -> seq.invoke(Map.of("topic", "t"))).isInstanceOf(AgentInvocationException.class);

        Trace t = h.trace();
        t.assertAllEnded();
        Task editor = t.only("editor");
        Task review = t.only("review");
        Task story = t.only("story");
        assertThat(t.only("writer").status()).isEqualTo("completed");
        // Where it began: the model's exception itself, once.
        assertThat(editor.endType).isEqualTo("error");
        assertThat(editor.status()).isEqualTo("failed");
        assertThat(editor.end.path("type").asText()).isEqualTo(IllegalStateException.class.getName());
        assertThat(editor.end.path("message").asText()).isEqualTo("model exploded (HTTP 500)");
        assertThat(editor.endMeta().path("failureOrigin").asBoolean()).isTrue();
        // Every ancestor: failed, pointing at the editor, without a second copy of the exception.
        for (Task ancestor : List.of(review, story)) {
            assertThat(ancestor.endType).isEqualTo("error");
            assertThat(ancestor.status()).isEqualTo("failed");
            assertThat(ancestor.end.path("type").asText()).isEqualTo(SubagentFailedException.class.getName());
            assertThat(ancestor.end.path("message").asText())
                    .isEqualTo("Sub-agent 'editor' failed: java.lang.IllegalStateException: model exploded (HTTP 500)");
            assertThat(ancestor.endMeta().path("failureOrigin").asBoolean()).isFalse();
            assertThat(ancestor.endMeta().path("failedTaskId").asText()).isEqualTo(editor.id);
            assertThat(ancestor.end.path("stackTrace").asText()).doesNotContain("\tat ");
        }
        List<Task> withTheCause = t.tasks.stream()
                .filter(x -> "error".equals(x.endType)
                        && x.end.path("type").asText().equals(IllegalStateException.class.getName()))
                .toList();
        assertThat(withTheCause).containsExactly(editor);
        assertThat(t.tasks.stream().map(x -> x.end.path("stackTrace").asText()))
                .noneMatch(s -> s.contains(AgentInvocationException.class.getName()));
        // The model listener reports the failed call too, tied to the agent.
        assertThat(t.errors).singleElement().satisfies(e -> {
            assertThat(e.path("taskId").asText()).isEqualTo(editor.id);
            assertThat(e.path("meta").path("source").asText()).isEqualTo("langchain4j.model");
        });
    }

    @Test
    void aFailedParallelBranchFailsTheParallelTaskAfterTheOtherBranchCompleted() {
        ScriptedModel ok = new ScriptedModel("ok", request -> Answer.text("fine", 50, 5), h.modelListener());
        ScriptedModel bad = new ScriptedModel(
                "bad",
                request -> {
                    throw new IllegalArgumentException("A failed");
                },
                h.modelListener());
        Expert a = AgenticServices.agentBuilder(Expert.class)
                .name("expertA")
                .outputKey("a")
                .chatModel(bad)
                .build();
        Expert b = AgenticServices.agentBuilder(Expert.class)
                .name("expertB")
                .outputKey("b")
                .chatModel(ok)
                .build();
        UntypedAgent par = OceumAgentic.instrument(AgenticServices.parallelBuilder(), h.oceum)
                .name("panel")
                .subAgents(a, b)
                .build();

        assertThatThrownBy(() -> par.invoke(Map.of("role", "r", "question", "q")))
                .isInstanceOf(RuntimeException.class);

        Trace t = h.trace();
        t.assertAllEnded();
        Task expertA = t.only("expertA");
        assertThat(expertA.end.path("type").asText()).isEqualTo(IllegalArgumentException.class.getName());
        assertThat(t.only("expertB").status()).isEqualTo("completed");
        assertThat(t.only("expertB").ownInput()).isEqualTo(50);
        Task panel = t.only("panel");
        assertThat(panel.status()).isEqualTo("failed");
        assertThat(panel.endMeta().path("failedTaskId").asText()).isEqualTo(expertA.id);
        assertThat(panel.subtreeInput()).isEqualTo(50);
    }

    @Test
    void aRetriedAgentIsASecondAttemptAndItsWorkflowCompletes() {
        ScriptedModel m = model(1);
        UntypedAgent seq = OceumAgentic.instrument(AgenticServices.sequenceBuilder(), h.oceum)
                .name("story")
                .subAgents(
                        AgenticServices.agentBuilder(Writer.class).chatModel(m).build(),
                        AgenticServices.agentBuilder(Editor.class).chatModel(m).build())
                .errorHandler(context -> ErrorRecoveryResult.retry())
                .outputKey("story")
                .build();

        assertThat(seq.invoke(Map.of("topic", "t"))).isEqualTo("EDITED");

        Trace t = h.trace();
        t.assertAllEnded();
        List<Task> editors = t.named("editor");
        assertThat(editors).extracting(Task::status).containsExactly("failed", "completed");
        assertThat(editors.get(0).meta().has("attempt")).isFalse();
        assertThat(editors.get(1).meta().path("attempt").asInt()).isEqualTo(2);
        assertThat(editors.get(1).ownInput()).isEqualTo(200);
        Task story = t.only("story");
        assertThat(story.status()).isEqualTo("completed");
        assertThat(t.children(story)).hasSize(3);
        assertThat(story.subtreeInput()).isEqualTo(300);
    }

    @Test
    void aFallbackResultCompletesTheWorkflowWithTheAgentFailed() {
        ScriptedModel m = model(100);
        UntypedAgent seq = OceumAgentic.instrument(AgenticServices.sequenceBuilder(), h.oceum)
                .name("story")
                .subAgents(
                        AgenticServices.agentBuilder(Writer.class).chatModel(m).build(),
                        AgenticServices.agentBuilder(Editor.class).chatModel(m).build())
                .errorHandler(context -> ErrorRecoveryResult.result("FALLBACK"))
                .outputKey("story")
                .build();

        assertThat(seq.invoke(Map.of("topic", "t"))).isEqualTo("FALLBACK");

        Trace t = h.trace();
        t.assertAllEnded();
        assertThat(t.only("editor").status()).isEqualTo("failed");
        Task story = t.only("story");
        assertThat(story.endType).isEqualTo("task_complete");
        assertThat(story.status()).isEqualTo("completed");
    }

    @Test
    void aStandaloneAgentIsARunOfItsOwn() {
        ScriptedModel m = model(0);
        Writer writer = AgenticServices.agentBuilder(Writer.class)
                .chatModel(m)
                .listener(new OceumAgentListener(h.oceum))
                .build();

        assertThat(writer.write("bees")).isEqualTo("STORY");

        // LangChain4j's scope thread-local is left as LangChain4j left it: cleared.
        assertThat(LangChain4jManaged.current()).isNull();
        Trace t = h.trace();
        Task task = t.only("writer");
        assertThat(task.parentId).isNull();
        assertThat(task.meta().path("memoryId").asText()).isNotBlank();
        assertThat(task.ownInput()).isEqualTo(100);
        JsonNode usage = t.usageOf(task).get(0);
        assertThat(usage.path("tokensOutput").asLong()).isEqualTo(10);
    }
}
