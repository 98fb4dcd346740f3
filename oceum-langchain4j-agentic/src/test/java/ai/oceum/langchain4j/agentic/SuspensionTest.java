package ai.oceum.langchain4j.agentic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.oceum.TaskScope;
import ai.oceum.langchain4j.agentic.Agents.Approval;
import ai.oceum.langchain4j.agentic.Agents.Editor;
import ai.oceum.langchain4j.agentic.Agents.Writer;
import ai.oceum.langchain4j.agentic.ScriptedModel.Answer;
import ai.oceum.langchain4j.agentic.Trace.Task;
import dev.langchain4j.agentic.AgenticServices;
import dev.langchain4j.agentic.UntypedAgent;
import dev.langchain4j.agentic.internal.SuspendedResponse;
import dev.langchain4j.agentic.scope.AgenticSystemSuspendedException;
import dev.langchain4j.agentic.scope.ResultWithAgenticScope;
import dev.langchain4j.agentic.workflow.HumanInTheLoop;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Human in the loop: a suspended run ends its open tasks as {@code suspended} (LangChain4j sends
 * no after or error for them), leaves no state behind, and the resumed run (same memory id) is a
 * new root task linked to the suspended one.
 */
@Timeout(60)
class SuspensionTest {
    private final Harness h = new Harness();
    private final OceumAgentListener listener = new OceumAgentListener(h.oceum);

    @AfterEach
    void stop() {
        h.close();
    }

    private ScriptedModel model() {
        return new ScriptedModel(
                "scripted",
                request -> ScriptedModel.prompt(request).startsWith("Write")
                        ? Answer.text("STORY", 100, 10)
                        : Answer.text("EDITED", 200, 20),
                h.modelListener());
    }

    private static HumanInTheLoop askUser() {
        return AgenticServices.humanInTheLoopBuilder()
                .outputKey("approval")
                .responseProvider(scope -> new SuspendedResponse<String>("approval"))
                .build();
    }

    @Test
    void aSuspendedRunEndsSuspendedAndItsResumptionIsLinkedToIt() {
        ScriptedModel m = model();
        Approval flow = AgenticServices.sequenceBuilder(Approval.class)
                .subAgents(
                        AgenticServices.agentBuilder(Writer.class).chatModel(m).build(),
                        askUser(),
                        AgenticServices.agentBuilder(Editor.class).chatModel(m).build())
                .outputKey("story")
                .listener(listener)
                .build();

        assertThatThrownBy(() -> flow.run("req-1", "owls")).isInstanceOf(AgenticSystemSuspendedException.class);

        assertThat(listener.openRuns()).isZero();
        assertThat(listener.openInvocations()).isZero();
        assertThat(TaskScope.current()).isEmpty();
        Trace first = h.trace();
        first.assertAllEnded();
        Task suspended = first.only("approvalFlow");
        assertThat(suspended.endType).isEqualTo("task_complete");
        assertThat(suspended.status()).isEqualTo("suspended");
        assertThat(suspended.meta().path("memoryId").asText()).isEqualTo("req-1");
        assertThat(suspended.endMeta().path("pendingResponses"))
                .extracting(n -> n.asText())
                .containsExactly("approval");
        assertThat(first.children(suspended))
                .extracting(c -> c.name + ":" + c.status())
                .containsExactly("writer:completed");

        assertThat(flow.getAgenticScope("req-1").completePendingResponse("approval", "yes"))
                .isTrue();
        assertThat(flow.run("req-1", "owls")).isEqualTo("EDITED");

        Trace t = h.trace();
        t.assertAllEnded();
        List<Task> roots = t.named("approvalFlow");
        assertThat(roots).hasSize(2);
        Task resumed = roots.get(1);
        assertThat(resumed.parentId).isNull();
        assertThat(resumed.meta().path("memoryId").asText()).isEqualTo("req-1");
        assertThat(resumed.meta().path("resumeOf").asText()).isEqualTo(suspended.id);
        assertThat(resumed.status()).isEqualTo("completed");
        assertThat(t.children(resumed)).extracting(c -> c.name).containsExactly("editor");
        assertThat(resumed.subtreeInput()).isEqualTo(200);
        assertThat(listener.openRuns()).isZero();
    }

    @Test
    void aSuspensionInANestedWorkflowEndsEveryOpenLevelSuspended() {
        ScriptedModel m = model();
        UntypedAgent inner = AgenticServices.sequenceBuilder()
                .name("inner")
                .subAgents(
                        askUser(),
                        AgenticServices.agentBuilder(Editor.class).chatModel(m).build())
                .outputKey("story")
                .build();
        Approval flow = AgenticServices.sequenceBuilder(Approval.class)
                .name("outer")
                .subAgents(
                        AgenticServices.agentBuilder(Writer.class).chatModel(m).build(), inner)
                .outputKey("story")
                .listener(listener)
                .build();

        assertThatThrownBy(() -> flow.run("req-5", "t")).isInstanceOf(AgenticSystemSuspendedException.class);

        assertThat(listener.openInvocations()).isZero();
        Trace first = h.trace();
        first.assertAllEnded();
        Task outer = first.only("outer");
        Task innerTask = first.only("inner");
        assertThat(innerTask.parentId).isEqualTo(outer.id);
        assertThat(outer.status()).isEqualTo("suspended");
        assertThat(innerTask.status()).isEqualTo("suspended");
        // One level down, LangChain4j passes the listener to the human-in-the-loop agent: it shows.
        Task ask = first.only("askUser");
        assertThat(ask.parentId).isEqualTo(innerTask.id);
        assertThat(ask.meta().path("kind").asText()).isEqualTo("human");

        flow.getAgenticScope("req-5").completePendingResponse("approval", "yes");
        assertThat(flow.run("req-5", "t")).isEqualTo("EDITED");

        Trace t = h.trace();
        t.assertAllEnded();
        Task resumedOuter = t.named("outer").get(1);
        assertThat(resumedOuter.meta().path("resumeOf").asText()).isEqualTo(outer.id);
        Task resumedInner = t.named("inner").get(1);
        assertThat(resumedInner.parentId).isEqualTo(resumedOuter.id);
        assertThat(t.children(resumedInner))
                .extracting(c -> c.name + ":" + c.status())
                .containsExactly("editor:completed");
        assertThat(resumedOuter.status()).isEqualTo("completed");
    }

    @Test
    void aHumanInTheLoopDirectChildShowsWhenGivenTheSameListener() {
        // LangChain4j does not pass the root's listener to a non-AI direct child; given the same
        // instance, it reports under the root (and LangChain4j still calls the instance once).
        ScriptedModel m = model();
        HumanInTheLoop ask = AgenticServices.humanInTheLoopBuilder()
                .outputKey("approval")
                .responseProvider(scope -> new SuspendedResponse<String>("approval"))
                .listener(listener)
                .build();
        Approval flow = AgenticServices.sequenceBuilder(Approval.class)
                .subAgents(
                        AgenticServices.agentBuilder(Writer.class).chatModel(m).build(), ask)
                .outputKey("story")
                .listener(listener)
                .build();

        assertThatThrownBy(() -> flow.run("req-7", "t")).isInstanceOf(AgenticSystemSuspendedException.class);

        Trace t = h.trace();
        t.assertAllEnded();
        Task root = t.only("approvalFlow");
        assertThat(t.children(root)).extracting(c -> c.name).containsExactly("writer", "askUser");
        assertThat(t.only("askUser").meta().path("kind").asText()).isEqualTo("human");
        assertThat(root.status()).isEqualTo("suspended");
    }

    @Test
    void anUntypedRunThatSuspendsIsReportedSuspended() {
        ScriptedModel m = model();
        UntypedAgent flow = AgenticServices.sequenceBuilder()
                .name("untyped")
                .subAgents(
                        AgenticServices.agentBuilder(Writer.class).chatModel(m).build(), askUser())
                .outputKey("story")
                .listener(listener)
                .build();

        ResultWithAgenticScope<String> result = flow.invokeWithAgenticScope(Map.of("topic", "t"));

        assertThat(result.suspended()).isTrue();
        Trace t = h.trace();
        t.assertAllEnded();
        assertThat(t.only("untyped").status()).isEqualTo("suspended");
        assertThat(listener.openRuns()).isZero();
    }
}
