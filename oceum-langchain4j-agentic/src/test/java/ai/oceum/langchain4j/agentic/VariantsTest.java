package ai.oceum.langchain4j.agentic;

import static org.assertj.core.api.Assertions.assertThat;

import ai.oceum.Oceum;
import ai.oceum.langchain4j.OceumChatModelListener;
import ai.oceum.langchain4j.agentic.Agents.Editor;
import ai.oceum.langchain4j.agentic.Agents.Writer;
import ai.oceum.langchain4j.agentic.ScriptedModel.Answer;
import ai.oceum.langchain4j.agentic.Trace.Task;
import dev.langchain4j.agentic.Agent;
import dev.langchain4j.agentic.AgenticServices;
import dev.langchain4j.agentic.UntypedAgent;
import dev.langchain4j.agentic.declarative.AgentListenerSupplier;
import dev.langchain4j.agentic.declarative.ChatModelSupplier;
import dev.langchain4j.agentic.declarative.SequenceAgent;
import dev.langchain4j.agentic.observability.AgentListener;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.service.UserMessage;
import dev.langchain4j.service.V;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Declarative systems, async agents, and the LangChain4j limit on non-AI agents, pinned. */
@Timeout(60)
class VariantsTest {
    private final Harness h = new Harness();
    private final Set<String> modelThreads = ConcurrentHashMap.newKeySet();

    @AfterEach
    void stop() {
        Oceum.setGlobal(null);
        h.close();
    }

    private ScriptedModel model(OceumChatModelListener listener) {
        return new ScriptedModel(
                "scripted",
                request -> {
                    modelThreads.add(Thread.currentThread().getName());
                    return ScriptedModel.prompt(request).startsWith("Write")
                            ? Answer.text("story", 100, 10)
                            : Answer.text("edited", 200, 20);
                },
                listener);
    }

    public interface DWriter {
        @UserMessage("Write a story about {{topic}}")
        @Agent(name = "dwriter", outputKey = "story")
        String write(@V("topic") String topic);
    }

    public interface DEditor {
        @UserMessage("Edit this story: {{story}}")
        @Agent(name = "deditor", outputKey = "story")
        String edit(@V("story") String story);
    }

    /** A declarative root: its listener reports through {@code Oceum.global()}. */
    public interface DSeq {
        @SequenceAgent(
                name = "dseq",
                outputKey = "story",
                subAgents = {DWriter.class, DEditor.class})
        String run(@V("topic") String topic);

        @AgentListenerSupplier
        static AgentListener listener() {
            return new OceumAgentListener();
        }

        @ChatModelSupplier
        static ChatModel model() {
            return MODEL;
        }
    }

    static volatile ChatModel MODEL;

    @Test
    void aDeclarativeSystemWithAListenerSupplierReportsThroughTheGlobalClient() {
        Oceum.setGlobal(h.oceum);
        MODEL = model(new OceumChatModelListener());

        DSeq system = AgenticServices.createAgenticSystem(DSeq.class);

        assertThat(system.run("t")).isEqualTo("edited");
        Trace t = h.trace();
        t.assertAllEnded();
        Task root = t.only("dseq");
        assertThat(t.children(root))
                .extracting(c -> c.name + ":" + c.ownInput())
                .containsExactly("dwriter:100", "deditor:200");
        assertThat(root.subtreeInput()).isEqualTo(300);
    }

    @Test
    void anAsyncAgentRunsOnAPoolThreadAsAChildOfItsSequence() {
        ScriptedModel m = model(h.modelListener());
        Writer writer = AgenticServices.agentBuilder(Writer.class)
                .chatModel(m)
                .async(true)
                .build();
        Editor editor = AgenticServices.agentBuilder(Editor.class).chatModel(m).build();
        UntypedAgent seq = OceumAgentic.instrument(AgenticServices.sequenceBuilder(), h.oceum)
                .name("story")
                .subAgents(writer, editor)
                .outputKey("story")
                .build();

        assertThat(seq.invoke(Map.of("topic", "x"))).isEqualTo("edited");

        assertThat(modelThreads).hasSize(2);
        Trace t = h.trace();
        t.assertAllEnded();
        Task root = t.only("story");
        Task w = t.only("writer");
        assertThat(w.parentId).isEqualTo(root.id);
        assertThat(w.meta().path("async").asBoolean()).isTrue();
        assertThat(w.ownInput()).isEqualTo(100);
        assertThat(root.subtreeInput()).isEqualTo(300);
    }

    @Test
    void theOneCallHelperTakesEveryBuilderOfAgenticServicesAndReturnsIt() {
        var sequence = AgenticServices.sequenceBuilder();
        var typed = AgenticServices.sequenceBuilder(Agents.Approval.class);
        var loop = AgenticServices.loopBuilder();
        var parallel = AgenticServices.parallelBuilder();
        var mapper = AgenticServices.parallelMapperBuilder();
        var conditional = AgenticServices.conditionalBuilder();
        var planner = AgenticServices.plannerBuilder();
        var supervisor = AgenticServices.supervisorBuilder();

        assertThat(OceumAgentic.instrument(sequence, h.oceum)).isSameAs(sequence);
        assertThat(OceumAgentic.instrument(typed, h.oceum)).isSameAs(typed);
        assertThat(OceumAgentic.instrument(loop, h.oceum)).isSameAs(loop);
        assertThat(OceumAgentic.instrument(parallel, h.oceum)).isSameAs(parallel);
        assertThat(OceumAgentic.instrument(mapper, h.oceum)).isSameAs(mapper);
        assertThat(OceumAgentic.instrument(conditional, h.oceum)).isSameAs(conditional);
        assertThat(OceumAgentic.instrument(planner, h.oceum)).isSameAs(planner);
        assertThat(OceumAgentic.instrument(supervisor, h.oceum)).isSameAs(supervisor);
    }

    /** A plain-Java agent. */
    public static final class Upper {
        @Agent(name = "upper", description = "uppercases", outputKey = "story")
        public String upper(@V("story") String story) {
            return story.toUpperCase(Locale.ROOT);
        }
    }

    @Test
    void aNonAiAgentThatIsADirectChildIsNotSeenButOneLevelDownItIs() {
        // LangChain4j 1.19.0-beta29 does not pass an inherited listener to non-AI direct children
        // (NonAiAgentInstance.setParent): documented; this test notices when LangChain4j fixes it.
        ScriptedModel m = model(h.modelListener());
        UntypedAgent inner = AgenticServices.sequenceBuilder()
                .name("inner")
                .subAgents(new Upper())
                .outputKey("story")
                .build();
        UntypedAgent outer = OceumAgentic.instrument(AgenticServices.sequenceBuilder(), h.oceum)
                .name("outer")
                .subAgents(
                        AgenticServices.agentBuilder(Writer.class).chatModel(m).build(), new Upper(), inner)
                .outputKey("story")
                .build();

        assertThat(outer.invoke(Map.of("topic", "t"))).isEqualTo("STORY");

        Trace t = h.trace();
        t.assertAllEnded();
        Task root = t.only("outer");
        assertThat(t.children(root)).extracting(c -> c.name).containsExactly("writer", "inner");
        Task upper = t.only("upper");
        assertThat(upper.parentId).isEqualTo(t.only("inner").id);
        assertThat(upper.meta().path("kind").asText()).isEqualTo("non-ai-agent");
    }
}
