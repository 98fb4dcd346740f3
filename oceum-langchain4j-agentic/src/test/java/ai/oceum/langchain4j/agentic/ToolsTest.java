package ai.oceum.langchain4j.agentic;

import static ai.oceum.langchain4j.agentic.ScriptedModel.call;
import static org.assertj.core.api.Assertions.assertThat;

import ai.oceum.TaskScope;
import ai.oceum.langchain4j.OceumLangChain4jOptions;
import ai.oceum.langchain4j.agentic.Agents.Calculator;
import ai.oceum.langchain4j.agentic.Agents.MathTools;
import ai.oceum.langchain4j.agentic.Agents.Writer;
import ai.oceum.langchain4j.agentic.ScriptedModel.Answer;
import ai.oceum.langchain4j.agentic.Trace.Task;
import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.agentic.AgenticServices;
import dev.langchain4j.agentic.UntypedAgent;
import dev.langchain4j.invocation.LangChain4jManaged;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Tool calls in each agent's tool summary, including tools run concurrently on pool threads. */
@Timeout(60)
class ToolsTest {
    private final Harness h = new Harness();

    @AfterEach
    void stop() {
        h.close();
    }

    /** Asks for the given tool calls (10/1 tokens), then answers from their results (20/2). */
    private ScriptedModel model(dev.langchain4j.agent.tool.ToolExecutionRequest... calls) {
        return new ScriptedModel(
                "scripted",
                request -> ScriptedModel.hasToolResult(request)
                        ? Answer.text("The answer is 5", 20, 2)
                        : Answer.tools(10, 1, calls),
                h.modelListener());
    }

    private UntypedAgent workflow(Calculator calculator, OceumLangChain4jOptions options) {
        return OceumAgentic.instrument(AgenticServices.sequenceBuilder(), h.oceum, options)
                .name("calc")
                .subAgents(calculator)
                .outputKey("result")
                .build();
    }

    @Test
    void aToolCallIsInTheAgentsToolSummaryAndBothModelCallsAreTheAgents() {
        Calculator calculator = AgenticServices.agentBuilder(Calculator.class)
                .chatModel(model(call("c1", "add", "{\"a\":2,\"b\":3}")))
                .tools(new MathTools(1))
                .build();

        assertThat(workflow(calculator, OceumLangChain4jOptions.defaults()).invoke(Map.of("question", "2+3")))
                .isEqualTo("The answer is 5");

        Trace t = h.trace();
        t.assertAllEnded();
        Task calc = t.only("calculator");
        JsonNode meta = calc.endMeta();
        assertThat(meta.path("toolCalls").asInt()).isEqualTo(1);
        assertThat(meta.path("toolFailures").asInt()).isZero();
        JsonNode tool = meta.path("tools").get(0);
        assertThat(tool.path("name").asText()).isEqualTo("add");
        assertThat(tool.path("status").asText()).isEqualTo("ok");
        assertThat(tool.has("durationMs")).isTrue();
        assertThat(tool.path("startOffsetMs").asLong())
                .isBetween(0L, calc.end.path("durationMs").asLong());
        // Without includeContent nothing of the call's data leaves the process.
        assertThat(tool.has("arguments")).isFalse();
        assertThat(tool.has("result")).isFalse();
        assertThat(calc.meta().has("inputs")).isFalse();
        assertThat(meta.has("output")).isFalse();
        assertThat(meta.path("modelCalls").asInt()).isEqualTo(2);
        assertThat(calc.ownInput()).isEqualTo(30);
        assertThat(t.usageOf(calc)).hasSize(2);
        assertThat(t.only("calc").endMeta().has("tools")).isFalse();
    }

    @Test
    void toolsRunConcurrentlyOnPoolThreadsAreAllInTheSummary() {
        Calculator calculator = AgenticServices.agentBuilder(Calculator.class)
                .chatModel(model(call("c1", "add", "{\"a\":2,\"b\":3}"), call("c2", "add", "{\"a\":4,\"b\":5}")))
                .tools(new MathTools(2))
                .executeToolsConcurrently()
                .build();

        workflow(calculator, OceumLangChain4jOptions.defaults()).invoke(Map.of("question", "2+3 and 4+5"));

        Task calc = h.trace().only("calculator");
        assertThat(calc.endMeta().path("toolCalls").asInt()).isEqualTo(2);
        assertThat(calc.endMeta().path("tools"))
                .extracting(
                        n -> n.path("name").asText() + ":" + n.path("status").asText())
                .containsExactly("add:ok", "add:ok");
    }

    public static final class BrokenTools {
        @Tool("looks up an order")
        public String lookup(String id) {
            throw new IllegalStateException("order service down");
        }
    }

    @Test
    void aFailedToolIsListedFailedAndReportedAsAnErrorOfItsAgent() {
        Calculator calculator = AgenticServices.agentBuilder(Calculator.class)
                .chatModel(model(call("c1", "lookup", "{\"id\":\"o-1\"}")))
                .tools(new BrokenTools())
                .build();

        workflow(calculator, OceumLangChain4jOptions.defaults()).invoke(Map.of("question", "where is o-1?"));

        Trace t = h.trace();
        Task calc = t.only("calculator");
        assertThat(calc.status()).isEqualTo("completed");
        assertThat(calc.endMeta().path("toolFailures").asInt()).isEqualTo(1);
        assertThat(calc.endMeta().path("tools").get(0).path("status").asText()).isEqualTo("failed");
        assertThat(t.errors).singleElement().satisfies(e -> {
            assertThat(e.path("message").asText()).isEqualTo("Tool 'lookup' failed: order service down");
            assertThat(e.path("taskId").asText()).isEqualTo(calc.id);
            assertThat(e.path("meta").path("source").asText()).isEqualTo("langchain4j.agentic.tool");
            assertThat(e.path("meta").path("toolCallId").asText()).isEqualTo("c1");
        });
    }

    @Test
    void withContentTheInputsOutputsAndToolDataAreSentCut() {
        Calculator calculator = AgenticServices.agentBuilder(Calculator.class)
                .chatModel(model(call("c1", "add", "{\"a\":2,\"b\":3}")))
                .tools(new MathTools(1))
                .build();
        OceumLangChain4jOptions options = OceumLangChain4jOptions.builder()
                .includeContent(true)
                .maxContentLength(8)
                .build();

        workflow(calculator, options).invoke(Map.of("question", "2+3"));

        Task calc = h.trace().only("calculator");
        assertThat(calc.meta().path("inputs").path("question").asText()).isEqualTo("2+3");
        assertThat(calc.endMeta().path("output").asText()).isEqualTo("The answ…[truncated 7 chars]");
        JsonNode tool = calc.endMeta().path("tools").get(0);
        assertThat(tool.path("arguments").asText()).startsWith("{\"a\":2,\"");
        assertThat(tool.path("result").asText()).isEqualTo("5");
    }

    /** A tool that runs a workflow of its own, and reports its own task through the agent's. */
    public static final class DelegatingTools {
        final UntypedAgent inner;
        final AtomicReference<TaskScope> agentTask = new AtomicReference<>();

        DelegatingTools(UntypedAgent inner) {
            this.inner = inner;
        }

        @Tool("writes a story")
        public String story(String topic) {
            agentTask.set(OceumAgentic.currentAgentTask().orElse(null));
            return String.valueOf(inner.invoke(Map.of("topic", topic)));
        }
    }

    @Test
    void aWorkflowRunFromAToolIsAChildOfTheAgentThatCalledIt() {
        ScriptedModel writerModel =
                new ScriptedModel("writer", request -> Answer.text("STORY", 100, 10), h.modelListener());
        UntypedAgent inner = OceumAgentic.instrument(AgenticServices.sequenceBuilder(), h.oceum)
                .name("innerFlow")
                .subAgents(AgenticServices.agentBuilder(Writer.class)
                        .chatModel(writerModel)
                        .build())
                .outputKey("story")
                .build();
        DelegatingTools tools = new DelegatingTools(inner);
        Calculator calculator = AgenticServices.agentBuilder(Calculator.class)
                .chatModel(model(call("c1", "story", "{\"topic\":\"owls\"}")))
                .tools(tools)
                .build();

        workflow(calculator, OceumLangChain4jOptions.defaults()).invoke(Map.of("question", "a story"));

        assertThat(LangChain4jManaged.current())
                .as("LangChain4j's scope thread-local after the run")
                .isNull();
        Trace t = h.trace();
        t.assertAllEnded();
        Task calc = t.only("calculator");
        Task innerFlow = t.only("innerFlow");
        assertThat(innerFlow.parentId).isEqualTo(calc.id);
        assertThat(tools.agentTask.get().id()).isEqualTo(calc.id);
        assertThat(t.only("writer").ownInput()).isEqualTo(100);
        // Both of the calculator's calls are its own, also the one after the inner run (LangChain4j
        // clears its scope thread-local when the inner run returns; the listener puts it back).
        assertThat(calc.ownInput()).isEqualTo(30);
        assertThat(calc.subtreeInput()).isEqualTo(130);
        assertThat(t.usage)
                .extracting(u -> u.path("taskName").asText("none"))
                .containsExactlyInAnyOrder("calculator", "writer", "calculator");
        assertThat(List.copyOf(t.roots())).extracting(r -> r.name).containsExactly("calc");
    }
}
