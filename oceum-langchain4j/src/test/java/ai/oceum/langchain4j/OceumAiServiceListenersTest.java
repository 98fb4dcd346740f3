package ai.oceum.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.oceum.TaskScope;
import ai.oceum.langchain4j.Agents.Assistant;
import ai.oceum.langchain4j.Agents.ExpertTools;
import ai.oceum.langchain4j.Agents.FailingTools;
import ai.oceum.langchain4j.Agents.Pair;
import ai.oceum.langchain4j.Agents.StreamingAssistant;
import ai.oceum.langchain4j.Agents.TicketTools;
import ai.oceum.langchain4j.Agents.TriageAgent;
import ai.oceum.langchain4j.OceumChatModelListenerTest.EchoModel;
import ai.oceum.testing.FakeOpenAi;
import ai.oceum.testing.FakeOpenAi.Reply;
import ai.oceum.testing.TestReceiver.Recorded;
import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.TokenUsage;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.TokenStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OceumAiServiceListenersTest {
    private Harness h;

    @BeforeEach
    void start() throws Exception {
        h = new Harness();
    }

    @AfterEach
    void stop() {
        h.close();
    }

    private Assistant assistant(Object... tools) {
        AiServices<Assistant> builder = OceumLangChain4j.instrument(AiServices.builder(Assistant.class), h.oceum)
                .chatModel(h.chatModel(new OceumChatModelListener(h.oceum)));
        return tools.length == 0 ? builder.build() : builder.tools(tools).build();
    }

    @Test
    void reportsAnInvocationAsOneTaskWithItsModelCall() {
        h.openAi.enqueue(Reply.answer("Hello!", 10, 5));

        assertThat(assistant().chat("Hi")).isEqualTo("Hello!");

        assertThat(h.eventTypes()).containsExactly("task_start", "usage", "task_complete");
        JsonNode start = h.only("task_start");
        String taskId = start.path("taskId").asText();
        assertThat(start.path("taskName").asText()).isEqualTo("Assistant.chat");
        assertThat(start.path("meta").path("interface").asText()).isEqualTo(Assistant.class.getName());
        assertThat(start.path("meta").path("method").asText()).isEqualTo("chat");
        assertThat(start.has("parentTaskId")).isFalse();
        assertThat(h.only("usage").path("taskId").asText()).isEqualTo(taskId);
        JsonNode complete = h.only("task_complete");
        assertThat(complete.path("taskId").asText()).isEqualTo(taskId);
        assertThat(complete.has("durationMs")).isTrue();
        JsonNode meta = complete.path("meta");
        assertThat(meta.path("interface").asText()).isEqualTo(Assistant.class.getName());
        assertThat(meta.path("method").asText()).isEqualTo("chat");
        assertThat(meta.path("modelCalls").asInt()).isEqualTo(1);
        assertThat(meta.path("toolCalls").asInt()).isZero();
        assertThat(meta.path("tokensInput").asLong()).isEqualTo(10);
        assertThat(meta.path("tokensOutput").asLong()).isEqualTo(5);
        assertThat(complete.path("usageTotals").path("tokensInput").asLong()).isEqualTo(10);
        assertThat(TaskScope.current())
                .as("nothing left on the caller's thread")
                .isEmpty();
    }

    @Test
    void reportsAToolCallRoundTripWithSummedTokensAndAToolSummary() {
        h.openAi.enqueue(
                Reply.toolCall("lookupTicket", "{\"arg0\":\"T-1\"}", 10, 5), Reply.answer("T-1 is open", 20, 7));
        TicketTools tools = new TicketTools();

        assertThat(assistant(tools).chat("Status of T-1?")).isEqualTo("T-1 is open");

        assertThat(h.eventTypes()).containsExactly("task_start", "usage", "usage", "task_complete");
        String taskId = h.only("task_start").path("taskId").asText();
        assertThat(h.all("usage"))
                .allSatisfy(u -> assertThat(u.path("taskId").asText()).isEqualTo(taskId));
        assertThat(h.all("usage").get(0).path("finishReason").asText()).isEqualTo("TOOL_EXECUTION");
        JsonNode meta = h.only("task_complete").path("meta");
        assertThat(meta.path("modelCalls").asInt()).isEqualTo(2);
        assertThat(meta.path("toolCalls").asInt()).isEqualTo(1);
        assertThat(meta.path("toolFailures").asInt()).isZero();
        assertThat(meta.path("tokensInput").asLong()).isEqualTo(30);
        assertThat(meta.path("tokensOutput").asLong()).isEqualTo(12);
        JsonNode tool = meta.path("tools").get(0);
        assertThat(tool.path("name").asText()).isEqualTo("lookupTicket");
        assertThat(tool.path("status").asText()).isEqualTo("ok");
        assertThat(tool.path("durationMs").isNumber()).isTrue();
        assertThat(meta.path("tools")).hasSize(1);
        assertThat(tools.taskSeen.get())
                .as("the tool runs inside the invocation's task")
                .isNotNull();
        assertThat(tools.taskSeen.get().id()).isEqualTo(taskId);
    }

    @Test
    void countsToolCallsByNameWithoutTheToolHook() {
        h.openAi.enqueue(Reply.toolCall("lookupTicket", "{\"arg0\":\"T-2\"}", 1, 1), Reply.answer("done", 1, 1));
        Assistant plain = AiServices.builder(Assistant.class)
                .chatModel(h.chatModel())
                .registerListeners(OceumAiServiceListeners.create(h.oceum))
                .tools(new TicketTools())
                .build();

        plain.chat("T-2?");

        JsonNode meta = h.only("task_complete").path("meta");
        assertThat(meta.path("toolCalls").asInt()).isEqualTo(1);
        assertThat(meta.path("tools").get(0).path("name").asText()).isEqualTo("lookupTicket");
        assertThat(meta.path("tools").get(0).path("status").asText()).isEqualTo("unknown");
        assertThat(meta.path("tokensInput").asLong())
                .as("tokens come from the AI-service events alone")
                .isEqualTo(2);
        assertThat(h.all("usage")).as("no model listener, no usage events").isEmpty();
    }

    @Test
    void keepsTheApplicationsOwnToolHooks() {
        h.openAi.enqueue(Reply.toolCall("lookupTicket", "{\"arg0\":\"T-4\"}", 1, 1), Reply.answer("done", 1, 1));
        OceumAiServiceListeners listeners = OceumAiServiceListeners.create(h.oceum);
        List<String> seen = new CopyOnWriteArrayList<>();
        Assistant assistant = AiServices.builder(Assistant.class)
                .chatModel(h.chatModel())
                .registerListeners(listeners)
                .beforeToolExecution(listeners.beforeToolExecution(
                        b -> seen.add("before " + b.request().name())))
                .afterToolExecution(listeners.afterToolExecution(
                        t -> seen.add("after " + t.request().name())))
                .tools(new TicketTools())
                .build();

        assistant.chat("T-4?");

        assertThat(seen).containsExactly("before lookupTicket", "after lookupTicket");
        JsonNode tool = h.only("task_complete").path("meta").path("tools").get(0);
        assertThat(tool.path("status").asText()).isEqualTo("ok");
        assertThat(tool.path("durationMs").isNumber()).isTrue();
    }

    @Test
    void reportsAStreamedInvocationFinishedOnAnotherThread() throws Exception {
        h.openAi.enqueue(Reply.answer("streamed answer", 7, 3));
        OceumAiServiceListeners listeners = OceumAiServiceListeners.create(h.oceum);
        StreamingAssistant assistant = AiServices.builder(StreamingAssistant.class)
                .streamingChatModel(h.streamingModel(new OceumChatModelListener(h.oceum)))
                .registerListeners(listeners)
                .build();
        CompletableFuture<ChatResponse> done = new CompletableFuture<>();

        TokenStream stream = assistant.chat("stream please");
        stream.onPartialResponse(p -> {})
                .onCompleteResponse(done::complete)
                .onError(done::completeExceptionally)
                .start();
        assertThat(TaskScope.current())
                .as("a stream leaves nothing on the caller's thread")
                .isEmpty();
        assertThat(done.get(10, TimeUnit.SECONDS).aiMessage().text()).isEqualTo("streamed answer");

        assertThat(h.eventTypes()).containsExactly("task_start", "usage", "task_complete");
        String taskId = h.only("task_start").path("taskId").asText();
        JsonNode usage = h.only("usage");
        assertThat(usage.path("taskId").asText()).isEqualTo(taskId);
        assertThat(usage.path("tokensInput").asLong()).isEqualTo(7);
        assertThat(usage.path("tokensOutput").asLong()).isEqualTo(3);
        JsonNode meta = h.only("task_complete").path("meta");
        assertThat(meta.path("tokensInput").asLong()).isEqualTo(7);
        assertThat(meta.path("modelCalls").asInt()).isEqualTo(1);
        assertThat(listeners.openInvocations()).isZero();
    }

    @Test
    void reportsAStreamedToolRoundTripAnsweredOnProviderThreads() throws Exception {
        h.openAi.enqueue(Reply.toolCall("lookupTicket", "{\"arg0\":\"T-5\"}", 6, 2), Reply.answer("T-5 is open", 9, 4));
        TicketTools tools = new TicketTools();
        StreamingAssistant assistant = OceumLangChain4j.instrument(
                        AiServices.builder(StreamingAssistant.class), h.oceum)
                .streamingChatModel(h.streamingModel(new OceumChatModelListener(h.oceum)))
                .tools(tools)
                .build();
        CompletableFuture<ChatResponse> done = new CompletableFuture<>();

        assistant
                .chat("T-5?")
                .onPartialResponse(p -> {})
                .onCompleteResponse(done::complete)
                .onError(done::completeExceptionally)
                .start();
        assertThat(done.get(10, TimeUnit.SECONDS).aiMessage().text()).isEqualTo("T-5 is open");

        assertThat(h.eventTypes()).containsExactly("task_start", "usage", "usage", "task_complete");
        String taskId = h.only("task_start").path("taskId").asText();
        assertThat(h.all("usage")).extracting(u -> u.path("taskId").asText()).containsOnly(taskId);
        JsonNode meta = h.only("task_complete").path("meta");
        assertThat(meta.path("modelCalls").asInt()).isEqualTo(2);
        assertThat(meta.path("tokensInput").asLong()).isEqualTo(15);
        assertThat(meta.path("tokensOutput").asLong()).isEqualTo(6);
        assertThat(meta.path("toolCalls").asInt()).isEqualTo(1);
        assertThat(meta.path("tools").get(0).path("status").asText()).isEqualTo("ok");
        assertThat(meta.path("tools").get(0).path("durationMs").isNumber()).isTrue();
        assertThat(tools.taskSeen.get())
                .as("the tool, on the provider's thread, runs inside the task")
                .isNotNull();
        assertThat(tools.taskSeen.get().id()).isEqualTo(taskId);
        assertThat(TaskScope.current()).isEmpty();
    }

    @Test
    void failsTheTaskWhenTheModelAnswers500() {
        h.openAi.enqueue(Reply.status(500));
        Assistant assistant = assistant();

        assertThatThrownBy(() -> assistant.chat("Hi")).isInstanceOf(RuntimeException.class);

        assertThat(h.eventTypes()).containsExactly("task_start", "error", "error");
        String taskId = h.only("task_start").path("taskId").asText();
        List<JsonNode> errors = h.all("error");
        JsonNode modelError = errors.get(0);
        assertThat(modelError.path("taskId").asText()).isEqualTo(taskId);
        assertThat(modelError.path("meta").path("httpStatus").asInt()).isEqualTo(500);
        assertThat(modelError.path("meta").path("provider").asText()).isEqualTo("openai");
        assertThat(modelError.path("meta").path("model").asText()).isEqualTo("gpt-4o-mini");
        JsonNode taskFailure = errors.get(1);
        assertThat(taskFailure.path("taskId").asText()).isEqualTo(taskId);
        assertThat(taskFailure.path("taskName").asText()).isEqualTo("Assistant.chat");
        assertThat(taskFailure.path("taskStatus").asText()).isEqualTo("failed");
        assertThat(taskFailure.path("type").asText()).isNotBlank();
        assertThat(taskFailure.path("message").asText()).isNotBlank();
        assertThat(taskFailure.path("causes").get(0).path("type").asText())
                .isEqualTo("dev.langchain4j.exception.HttpException");
        assertThat(taskFailure.has("durationMs")).isTrue();
        assertThat(taskFailure.path("meta").path("modelCalls").asInt()).isZero();
        assertThat(TaskScope.current()).isEmpty();
    }

    @Test
    void reportsAFailingToolByNameAndStillCompletesTheInvocation() {
        h.openAi.enqueue(
                Reply.toolCall("closeTicket", "{\"arg0\":\"T-3\"}", 3, 2), Reply.answer("could not close", 4, 2));

        assertThat(assistant(new FailingTools()).chat("Close T-3")).isEqualTo("could not close");

        assertThat(h.eventTypes()).containsExactly("task_start", "usage", "error", "usage", "task_complete");
        String taskId = h.only("task_start").path("taskId").asText();
        JsonNode toolError = h.only("error");
        assertThat(toolError.path("message").asText()).contains("closeTicket").contains("ticket store is down");
        assertThat(toolError.path("meta").path("tool").asText()).isEqualTo("closeTicket");
        assertThat(toolError.path("meta").path("source").asText()).isEqualTo("langchain4j.tool");
        assertThat(toolError.path("taskId").asText()).isEqualTo(taskId);
        JsonNode meta = h.only("task_complete").path("meta");
        assertThat(meta.path("toolFailures").asInt()).isEqualTo(1);
        assertThat(meta.path("tools").get(0).path("status").asText()).isEqualTo("failed");
    }

    @Test
    void reportsAUserWrittenChatModelThroughAiServices() {
        ChatModel own = new EchoModel(List.of(new OceumChatModelListener(h.oceum)));
        Assistant assistant = OceumLangChain4j.instrument(AiServices.builder(Assistant.class), h.oceum)
                .chatModel(own)
                .build();

        assertThat(assistant.chat("ping")).isEqualTo("echo: ping");

        assertThat(h.eventTypes()).containsExactly("task_start", "usage", "task_complete");
        JsonNode usage = h.only("usage");
        assertThat(usage.path("taskId").asText())
                .isEqualTo(h.only("task_start").path("taskId").asText());
        assertThat(usage.path("provider").asText()).isEqualTo("other");
        assertThat(h.only("task_complete").path("meta").path("tokensInput").asLong())
                .isEqualTo(4);
    }

    @Test
    void keepsUsageOfTwoConcurrentInvocationsApart() throws Exception {
        CountDownLatch bothArrived = new CountDownLatch(2);
        h.openAi.respondWith(request -> {
            bothArrived.countDown();
            try {
                // Answer only once both calls are on the wire: the two invocations overlap for sure.
                assertThat(bothArrived.await(10, TimeUnit.SECONDS)).isTrue();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return FakeOpenAi.lastUserText(request).contains("alpha")
                    ? Reply.answer("A", 11, 1)
                    : Reply.answer("B", 22, 2);
        });
        Pair pair = OceumLangChain4j.instrument(AiServices.builder(Pair.class), h.oceum)
                .chatModel(h.chatModel(new OceumChatModelListener(h.oceum)))
                .build();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<String> a = pool.submit(() -> pair.alpha("alpha question"));
            Future<String> b = pool.submit(() -> pair.beta("beta question"));
            assertThat(a.get(10, TimeUnit.SECONDS)).isEqualTo("A");
            assertThat(b.get(10, TimeUnit.SECONDS)).isEqualTo("B");
        } finally {
            pool.shutdownNow();
        }

        assertThat(h.all("usage")).hasSize(2);
        assertTaskTokens("Pair.alpha", 11, 1);
        assertTaskTokens("Pair.beta", 22, 2);
    }

    @Test
    void keepsManyConcurrentInvocationsApart() throws Exception {
        // A model whose input-token count is the prompt itself: each task's usage must be its own.
        OceumLangChain4jOptions withArguments =
                OceumLangChain4jOptions.builder().includeContent(true).build();
        ChatModel counting = new EchoModel(List.of(new OceumChatModelListener(h.oceum))) {
            @Override
            public ChatResponse doChat(ChatRequest request) {
                String prompt = ((UserMessage) request.messages().get(0)).singleText();
                return ChatResponse.builder()
                        .aiMessage(AiMessage.from(prompt))
                        .tokenUsage(new TokenUsage(Integer.parseInt(prompt), 1))
                        .build();
            }
        };
        OceumAiServiceListeners listeners = OceumAiServiceListeners.create(h.oceum, withArguments);
        Assistant assistant = AiServices.builder(Assistant.class)
                .chatModel(counting)
                .registerListeners(listeners)
                .build();
        int threads = 8;
        int perThread = 25;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int base = 1000 * (t + 1);
                done.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        assistant.chat(String.valueOf(base + i));
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        List<JsonNode> completes = h.all("task_complete");
        assertThat(completes).hasSize(threads * perThread);
        Map<String, Long> usageByTask = new HashMap<>();
        for (JsonNode u : h.all("usage")) {
            assertThat(usageByTask.put(
                            u.path("taskId").asText(), u.path("tokensInput").asLong()))
                    .as("one usage per task")
                    .isNull();
        }
        for (JsonNode c : completes) {
            long prompt = Long.parseLong(c.path("meta").path("arguments").get(0).asText());
            assertThat(usageByTask.get(c.path("taskId").asText())).isEqualTo(prompt);
            assertThat(c.path("meta").path("tokensInput").asLong()).isEqualTo(prompt);
            assertThat(c.has("parentTaskId")).isFalse();
        }
        assertThat(listeners.openInvocations()).isZero();
    }

    private void assertTaskTokens(String taskName, long in, long out) {
        JsonNode complete = h.all("task_complete").stream()
                .filter(c -> c.path("taskName").asText().equals(taskName))
                .findFirst()
                .orElseThrow();
        String taskId = complete.path("taskId").asText();
        assertThat(complete.path("meta").path("tokensInput").asLong()).isEqualTo(in);
        assertThat(complete.path("meta").path("tokensOutput").asLong()).isEqualTo(out);
        assertThat(complete.path("usageTotals").path("tokensInput").asLong()).isEqualTo(in);
        List<JsonNode> usages = h.all("usage").stream()
                .filter(u -> u.path("taskId").asText().equals(taskId))
                .toList();
        assertThat(usages).hasSize(1);
        assertThat(usages.get(0).path("tokensInput").asLong()).isEqualTo(in);
    }

    @Test
    void sendsNoContentByDefault() {
        h.openAi.enqueue(
                Reply.toolCall("lookupTicket", "{\"arg0\":\"SECRET-ARG\"}", 1, 1), Reply.answer("SECRET-ANSWER", 1, 1));

        assistant(new TicketTools()).chat("SECRET-PROMPT");

        assertThat(h.eventTypes()).contains("task_complete");
        assertThat(h.wire()).doesNotContain("SECRET");
    }

    @Test
    void sendsTruncatedContentWhenOptedIn() {
        OceumLangChain4jOptions options = OceumLangChain4jOptions.builder()
                .includeContent(true)
                .maxContentLength(12)
                .build();
        h.openAi.enqueue(
                Reply.toolCall("lookupTicket", "{\"arg0\":\"T-1\"}", 1, 1), Reply.answer("ANSWER-0123456789", 1, 1));
        Assistant assistant = OceumLangChain4j.instrument(AiServices.builder(Assistant.class), h.oceum, options)
                .chatModel(h.chatModel(new OceumChatModelListener(h.oceum, options)))
                .tools(new TicketTools())
                .build();

        assistant.chat("PROMPT-0123456789");

        JsonNode start = h.only("task_start").path("meta");
        assertThat(start.path("userMessage").asText()).isEqualTo("PROMPT-01234…[truncated 5 chars]");
        assertThat(start.path("arguments").get(0).asText()).isEqualTo("PROMPT-01234…[truncated 5 chars]");
        JsonNode complete = h.only("task_complete").path("meta");
        assertThat(complete.path("result").asText()).isEqualTo("ANSWER-01234…[truncated 5 chars]");
        JsonNode tool = complete.path("tools").get(0);
        assertThat(tool.path("arguments").asText()).isEqualTo("{\"arg0\":\"T-1…[truncated 2 chars]");
        assertThat(tool.path("result").asText()).isEqualTo("ticket T-1 i…[truncated 6 chars]");
    }

    @Test
    void becomesAChildOfTheTaskOpenOnTheCallingThread() {
        h.openAi.enqueue(Reply.answer("inner", 10, 5));
        Assistant assistant = assistant();

        String outerId;
        try (TaskScope outer = h.oceum.startTask("outer-job")) {
            outerId = outer.id();
            assistant.chat("Hi");
            assertThat(TaskScope.current()).contains(outer);
        }

        assertThat(h.eventTypes())
                .containsExactly("task_start", "task_start", "usage", "task_complete", "task_complete");
        List<Recorded> events = h.events();
        JsonNode innerStart = events.get(1).data();
        assertThat(innerStart.path("parentTaskId").asText()).isEqualTo(outerId);
        JsonNode innerComplete = events.get(3).data();
        assertThat(innerComplete.path("parentTaskId").asText()).isEqualTo(outerId);
        JsonNode outerComplete = events.get(4).data();
        assertThat(outerComplete.path("taskId").asText()).isEqualTo(outerId);
        assertThat(outerComplete.path("usageTotals").path("tokensInput").asLong())
                .isEqualTo(10);
    }

    @Test
    void nestsAnInvocationMadeInsideAToolUnderTheInvocationThatRanTheTool() {
        h.openAi.enqueue(
                Reply.toolCall("askExpert", "{\"arg0\":\"is it safe?\"}", 1, 1),
                Reply.answer("expert: yes", 2, 2),
                Reply.answer("it is safe", 3, 3));
        Assistant expert = assistant();
        Assistant lead = assistant(new ExpertTools(expert));

        assertThat(lead.chat("Is it safe?")).isEqualTo("it is safe");

        List<JsonNode> starts = h.all("task_start");
        assertThat(starts).hasSize(2);
        String leadId = starts.get(0).path("taskId").asText();
        assertThat(starts.get(1).path("parentTaskId").asText()).isEqualTo(leadId);
        JsonNode leadComplete = h.all("task_complete").stream()
                .filter(c -> c.path("taskId").asText().equals(leadId))
                .findFirst()
                .orElseThrow();
        assertThat(leadComplete.path("meta").path("tokensInput").asLong())
                .as("its own model calls")
                .isEqualTo(4);
        assertThat(leadComplete.path("usageTotals").path("tokensInput").asLong())
                .as("with the child's")
                .isEqualTo(6);
    }

    @Test
    void namesTheTaskAfterAgentTaskWithoutASecondTask() {
        h.openAi.enqueue(Reply.answer("P2", 1, 1));
        TriageAgent agent = OceumLangChain4j.instrument(AiServices.builder(TriageAgent.class), h.oceum)
                .chatModel(h.chatModel(new OceumChatModelListener(h.oceum)))
                .build();

        agent.triage("printer on fire");

        assertThat(h.eventTypes()).containsExactly("task_start", "usage", "task_complete");
        assertThat(h.only("task_start").path("taskName").asText()).isEqualTo("triage-ticket");
        assertThat(h.only("task_complete").path("taskName").asText()).isEqualTo("triage-ticket");
        assertThat(h.only("task_complete").path("meta").path("method").asText()).isEqualTo("triage");
    }
}
