package ai.oceum.langchain4j.agentic;

import static org.assertj.core.api.Assertions.assertThat;

import ai.oceum.TaskScope;
import ai.oceum.langchain4j.agentic.Agents.Editor;
import ai.oceum.langchain4j.agentic.Agents.Expert;
import ai.oceum.langchain4j.agentic.Agents.Scorer;
import ai.oceum.langchain4j.agentic.Agents.Writer;
import ai.oceum.langchain4j.agentic.ScriptedModel.Answer;
import ai.oceum.langchain4j.agentic.Trace.Task;
import dev.langchain4j.agentic.AgenticServices;
import dev.langchain4j.agentic.UntypedAgent;
import dev.langchain4j.agentic.supervisor.SupervisorAgent;
import dev.langchain4j.agentic.supervisor.SupervisorResponseStrategy;
import dev.langchain4j.model.chat.request.ChatRequest;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every kind of workflow, run for real by {@code AgenticServices} on a scripted model, gives the
 * right task tree: one task per agent invocation under the task of the workflow that invoked it,
 * with its own usage and its subtree's.
 */
@Timeout(60)
class WorkflowTreeTest {
    private final Harness h = new Harness();
    /** Threads the model was called on, to show where parallel branches ran. */
    private final Set<String> modelThreads = ConcurrentHashMap.newKeySet();

    @AfterEach
    void stop() {
        h.close();
    }

    /** writer 100/10, editor 200/20, scorer 300/30 (answers 0.3, then 0.9), expert 50/5. */
    private ScriptedModel model() {
        AtomicInteger scores = new AtomicInteger();
        return new ScriptedModel(
                "scripted",
                request -> {
                    modelThreads.add(Thread.currentThread().getName());
                    String p = ScriptedModel.prompt(request);
                    if (p.startsWith("Write")) {
                        return Answer.text("STORY", 100, 10);
                    }
                    if (p.startsWith("Edit")) {
                        return Answer.text("EDITED", 200, 20);
                    }
                    if (p.startsWith("Score")) {
                        return Answer.text(scores.incrementAndGet() < 2 ? "0.3" : "0.9", 300, 30);
                    }
                    return Answer.text("answer", 50, 5);
                },
                h.modelListener());
    }

    private Writer writer(ScriptedModel m) {
        return AgenticServices.agentBuilder(Writer.class).chatModel(m).build();
    }

    private Editor editor(ScriptedModel m) {
        return AgenticServices.agentBuilder(Editor.class).chatModel(m).build();
    }

    private Scorer scorer(ScriptedModel m) {
        return AgenticServices.agentBuilder(Scorer.class).chatModel(m).build();
    }

    @Test
    void aSequenceIsARootTaskWithOneChildPerAgentEachWithItsOwnUsage() {
        ScriptedModel m = model();
        UntypedAgent seq = OceumAgentic.instrument(AgenticServices.sequenceBuilder(), h.oceum)
                .name("story")
                .subAgents(writer(m), editor(m))
                .outputKey("story")
                .build();

        assertThat(seq.invoke(Map.of("topic", "dragons"))).isEqualTo("EDITED");

        Trace t = h.trace();
        t.assertAllEnded();
        Task root = t.only("story");
        assertThat(root.parentId).isNull();
        assertThat(root.meta().path("kind").asText()).isEqualTo("sequence");
        assertThat(root.meta().path("topology").asText()).isEqualTo("SEQUENCE");
        assertThat(root.meta().path("memoryId").asText()).isNotBlank();
        assertThat(t.children(root)).extracting(c -> c.name).containsExactly("writer", "editor");
        Task writer = t.only("writer");
        Task editor = t.only("editor");
        assertThat(writer.meta().path("kind").asText()).isEqualTo("agent");
        assertThat(writer.meta().path("agentId").asText()).isEqualTo("writer$0");
        assertThat(writer.meta().path("rootTaskId").asText()).isEqualTo(root.id);
        assertThat(writer.meta().has("memoryId")).isFalse();
        assertThat(writer.status()).isEqualTo("completed");
        assertThat(writer.ownInput()).isEqualTo(100);
        assertThat(writer.ownOutput()).isEqualTo(10);
        assertThat(editor.ownInput()).isEqualTo(200);
        assertThat(t.usageOf(writer))
                .singleElement()
                .satisfies(u -> assertThat(u.path("tokensInput").asLong()).isEqualTo(100));
        assertThat(t.usageOf(editor)).hasSize(1);
        // The workflow made no model call itself; its subtree holds both agents' calls.
        assertThat(root.ownInput()).isZero();
        assertThat(root.endMeta().path("modelCalls").asInt()).isZero();
        assertThat(root.subtreeInput()).isEqualTo(300);
        assertThat(root.subtreeOutput()).isEqualTo(30);
        assertThat(root.end.path("usageTotals").path("calls").asInt()).isEqualTo(2);
        assertThat(root.status()).isEqualTo("completed");
    }

    @Test
    void aNestedLoopGivesEachIterationItsIndexAndTheLoopItsIterationCount() {
        ScriptedModel m = model();
        UntypedAgent loop = AgenticServices.loopBuilder()
                .name("review")
                .subAgents(editor(m), scorer(m))
                .maxIterations(3)
                .exitCondition(scope -> scope.readState("score", 0.0) >= 0.8)
                .build();
        UntypedAgent seq = OceumAgentic.instrument(AgenticServices.sequenceBuilder(), h.oceum)
                .name("story")
                .subAgents(writer(m), loop)
                .outputKey("story")
                .build();

        seq.invoke(Map.of("topic", "dragons"));

        Trace t = h.trace();
        t.assertAllEnded();
        Task root = t.only("story");
        Task review = t.only("review");
        assertThat(review.parentId).isEqualTo(root.id);
        assertThat(review.meta().path("kind").asText()).isEqualTo("loop");
        assertThat(review.endMeta().path("iterations").asInt()).isEqualTo(2);
        List<Task> steps = t.children(review);
        assertThat(steps)
                .extracting(s -> s.name + "#" + s.meta().path("iteration").asInt())
                .containsExactly("editor#0", "scorer#0", "editor#1", "scorer#1");
        assertThat(steps)
                .allSatisfy(s -> assertThat(s.meta().path("agentId").asText()).endsWith("$1"));
        assertThat(t.named("editor")).allSatisfy(e -> assertThat(e.ownInput()).isEqualTo(200));
        assertThat(review.ownInput()).isZero();
        assertThat(review.subtreeInput()).isEqualTo(2 * 200 + 2 * 300);
        assertThat(root.subtreeInput()).isEqualTo(100 + 2 * 200 + 2 * 300);
        // Only children of a loop carry an iteration.
        assertThat(t.only("writer").meta().has("iteration")).isFalse();
    }

    @Test
    void aLoopInsideALoopCountsIterationsPerInnerLoopRun() {
        ScriptedModel m = model();
        UntypedAgent inner = AgenticServices.loopBuilder()
                .name("inner")
                .subAgents(editor(m))
                .maxIterations(2)
                .build();
        UntypedAgent outer = OceumAgentic.instrument(AgenticServices.loopBuilder(), h.oceum)
                .name("outer")
                .subAgents(writer(m), inner)
                .maxIterations(2)
                .build();

        outer.invoke(Map.of("topic", "owls"));

        Trace t = h.trace();
        t.assertAllEnded();
        Task root = t.only("outer");
        assertThat(root.endMeta().path("iterations").asInt()).isEqualTo(2);
        List<Task> inners = t.named("inner");
        assertThat(inners).extracting(i -> i.meta().path("iteration").asInt()).containsExactly(0, 1);
        for (Task i : inners) {
            assertThat(i.parentId).isEqualTo(root.id);
            assertThat(i.endMeta().path("iterations").asInt()).isEqualTo(2);
            assertThat(t.children(i))
                    .extracting(e -> e.name + "#" + e.meta().path("iteration").asInt())
                    .containsExactly("editor#0", "editor#1");
            assertThat(i.subtreeInput()).isEqualTo(2 * 200);
        }
        assertThat(root.subtreeInput()).isEqualTo(2 * 100 + 4 * 200);
    }

    @Test
    void parallelBranchesRunOnPoolThreadsAsChildrenOfTheParallelTask() {
        ScriptedModel m = model();
        Expert a = AgenticServices.agentBuilder(Expert.class)
                .name("expertA")
                .outputKey("a")
                .chatModel(m)
                .build();
        Expert b = AgenticServices.agentBuilder(Expert.class)
                .name("expertB")
                .outputKey("b")
                .chatModel(m)
                .build();
        Expert c = AgenticServices.agentBuilder(Expert.class)
                .name("expertC")
                .outputKey("c")
                .chatModel(m)
                .build();
        UntypedAgent par = OceumAgentic.instrument(AgenticServices.parallelBuilder(), h.oceum)
                .name("panel")
                .subAgents(a, b, c)
                .output(s -> s.readState("a") + "|" + s.readState("b") + "|" + s.readState("c"))
                .build();

        assertThat(par.invoke(Map.of("role", "math", "question", "1+1?"))).isEqualTo("answer|answer|answer");

        assertThat(modelThreads).doesNotContain(Thread.currentThread().getName());
        Trace t = h.trace();
        t.assertAllEnded();
        Task panel = t.only("panel");
        assertThat(panel.meta().path("kind").asText()).isEqualTo("parallel");
        assertThat(t.children(panel))
                .extracting(x -> x.name)
                .containsExactlyInAnyOrder("expertA", "expertB", "expertC");
        for (Task expert : t.children(panel)) {
            assertThat(expert.ownInput()).isEqualTo(50);
            assertThat(t.usageOf(expert)).hasSize(1);
        }
        assertThat(panel.ownInput()).isZero();
        assertThat(panel.subtreeInput()).isEqualTo(150);
    }

    @Test
    void aConditionalWorkflowReportsOnlyTheRouteTaken() {
        ScriptedModel m = model();
        UntypedAgent router = OceumAgentic.instrument(AgenticServices.conditionalBuilder(), h.oceum)
                .name("router")
                .subAgents(s -> s.hasState("topic"), writer(m))
                .subAgents(s -> s.hasState("draft"), editor(m))
                .build();

        router.invoke(Map.of("topic", "cats"));

        Trace t = h.trace();
        t.assertAllEnded();
        Task root = t.only("router");
        assertThat(root.meta().path("kind").asText()).isEqualTo("conditional");
        assertThat(root.meta().path("topology").asText()).isEqualTo("ROUTER");
        assertThat(t.children(root)).extracting(c -> c.name).containsExactly("writer");
        assertThat(t.named("editor")).isEmpty();
        assertThat(root.subtreeInput()).isEqualTo(100);
    }

    @Test
    void aSupervisorsPlannerCallsBelongToTheSupervisorsOwnTask() {
        ScriptedModel agents = model();
        AtomicInteger step = new AtomicInteger();
        ScriptedModel planner = new ScriptedModel(
                "planner",
                request -> switch (step.incrementAndGet()) {
                    case 1 -> Answer.text("{\"agentName\":\"writer\",\"arguments\":{\"topic\":\"dragons\"}}", 1000, 1);
                    case 2 -> Answer.text("{\"agentName\":\"editor\",\"arguments\":{\"story\":\"STORY\"}}", 1000, 1);
                    default ->
                        Answer.text(
                                "{\"agentName\":\"done\",\"arguments\":{\"response\":\"wrote and edited\"}}", 1000, 1);
                },
                h.modelListener());
        SupervisorAgent boss = OceumAgentic.instrument(AgenticServices.supervisorBuilder(), h.oceum)
                .name("boss")
                .chatModel(planner)
                .subAgents(writer(agents), editor(agents))
                .responseStrategy(SupervisorResponseStrategy.SUMMARY)
                .build();

        assertThat(boss.invoke("write and edit a story about dragons")).isEqualTo("wrote and edited");

        Trace t = h.trace();
        t.assertAllEnded();
        Task root = t.only("boss");
        assertThat(root.meta().path("kind").asText()).isEqualTo("supervisor");
        assertThat(t.children(root)).extracting(c -> c.name).containsExactly("writer", "editor");
        assertThat(t.usageOf(root))
                .hasSize(3)
                .allSatisfy(u -> assertThat(u.path("model").asText()).isEqualTo("planner"));
        assertThat(root.endMeta().path("modelCalls").asInt()).isEqualTo(3);
        assertThat(root.ownInput()).isEqualTo(3000);
        assertThat(root.subtreeInput()).isEqualTo(3000 + 100 + 200);
        assertThat(t.only("writer").ownInput()).isEqualTo(100);
    }

    @Test
    void parallelMapperItemsAreTasksWithTheirIndexAndTheirOwnUsage() {
        // Each item's tokens differ: LangChain4j's own AgentResponse mixes them up here, the tree must not.
        ScriptedModel m = new ScriptedModel(
                "scripted",
                request -> {
                    String topic = ScriptedModel.prompt(request).substring("Write a story about ".length());
                    int n = topic.charAt(0) - 'a' + 1;
                    return Answer.text("S(" + topic + ")", 1000 * n, n);
                },
                h.modelListener());
        UntypedAgent mapper = AgenticServices.parallelMapperBuilder()
                .subAgents(writer(m))
                .itemsProvider("topic")
                .outputKey("stories")
                .build();
        UntypedAgent root = OceumAgentic.instrument(AgenticServices.sequenceBuilder(), h.oceum)
                .subAgents(mapper)
                .outputKey("stories")
                .build();

        assertThat(root.invoke(Map.of("topic", List.of("a", "b", "c")))).isEqualTo(List.of("S(a)", "S(b)", "S(c)"));

        Trace t = h.trace();
        t.assertAllEnded();
        Task seq = t.only("Sequential");
        Task map = t.only("ParallelMapper");
        assertThat(map.parentId).isEqualTo(seq.id);
        assertThat(map.meta().path("kind").asText()).isEqualTo("parallel-mapper");
        List<Task> items = t.children(map);
        assertThat(items).extracting(i -> i.name).containsExactlyInAnyOrder("writer_0", "writer_1", "writer_2");
        for (Task item : items) {
            int index = item.meta().path("item").asInt(-1);
            assertThat(item.name).isEqualTo("writer_" + index);
            assertThat(item.ownInput()).isEqualTo(1000L * (index + 1));
            assertThat(item.ownOutput()).isEqualTo(index + 1);
        }
        assertThat(map.subtreeInput()).isEqualTo(6000);
    }

    @Test
    void aSubWorkflowInstrumentedAsWellAsItsRootIsReportedOnce() {
        ScriptedModel m = model();
        UntypedAgent inner = OceumAgentic.instrument(AgenticServices.sequenceBuilder(), h.oceum)
                .name("inner")
                .subAgents(editor(m))
                .outputKey("story")
                .build();
        UntypedAgent outer = OceumAgentic.instrument(AgenticServices.sequenceBuilder(), h.oceum)
                .name("outer")
                .subAgents(writer(m), inner)
                .outputKey("story")
                .build();

        assertThat(outer.invoke(Map.of("topic", "x"))).isEqualTo("EDITED");

        Trace t = h.trace();
        t.assertAllEnded();
        assertThat(t.tasks).extracting(x -> x.name).containsExactly("outer", "writer", "inner", "editor");
        assertThat(t.only("inner").parentId).isEqualTo(t.only("outer").id);
        assertThat(t.only("editor").parentId).isEqualTo(t.only("inner").id);
        assertThat(t.usage).hasSize(2);
    }

    @Test
    void aWorkflowRunInsideAnApplicationTaskIsItsChild() {
        ScriptedModel m = model();
        UntypedAgent seq = OceumAgentic.instrument(AgenticServices.sequenceBuilder(), h.oceum)
                .name("story")
                .subAgents(writer(m))
                .outputKey("story")
                .build();

        h.oceum.wrap("handle-request", () -> seq.invoke(Map.of("topic", "x")));

        Trace t = h.trace();
        Task request = t.only("handle-request");
        Task root = t.only("story");
        assertThat(root.parentId).isEqualTo(request.id);
        assertThat(request.subtreeInput()).isEqualTo(100);
        assertThat(TaskScope.current()).isEmpty();
    }

    @Test
    void aModelCalledOutsideAnyWorkflowIsTiedToNoTask() {
        // Outside any workflow the listener leaves the model listener's behaviour unchanged.
        ScriptedModel m = model();
        m.chat(ChatRequest.builder()
                .messages(List.of(dev.langchain4j.data.message.UserMessage.from("Write x")))
                .build());
        Trace t = h.trace();
        assertThat(t.tasks).isEmpty();
        assertThat(t.usage)
                .singleElement()
                .satisfies(u -> assertThat(u.has("taskId")).isFalse());
    }
}
