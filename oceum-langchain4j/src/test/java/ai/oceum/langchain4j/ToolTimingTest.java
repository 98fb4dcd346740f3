package ai.oceum.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;

import ai.oceum.TaskScope;
import ai.oceum.langchain4j.Agents.Assistant;
import ai.oceum.testing.FakeOpenAi.Reply;
import ai.oceum.testing.FakeOpenAi.ToolCall;
import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.service.AiServices;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Tool durations are timed by the listeners' own before- and after-tool hooks on the options'
 * clock (not from LangChain4j's {@code LocalDateTime}s), one at a time and overlapping, and still
 * reported, from LangChain4j's times, when only the after-tool hook is installed.
 */
class ToolTimingTest {
    private Harness h;

    @BeforeEach
    void start() throws Exception {
        h = new Harness();
    }

    @AfterEach
    void stop() {
        h.close();
    }

    /**
     * Tools that take a known time on a fake clock (so durations are exact), and remember the task
     * current while they ran. lookupRefund, when asked beside lookupOrder, starts before it
     * advances the clock and ends after lookupOrder's after-tool hook has run: the two overlap.
     */
    public static final class TimedTools {
        final AtomicLong clock = new AtomicLong(1_000_000_000L);
        final Map<String, TaskScope> taskSeen = new ConcurrentHashMap<>();
        final CountDownLatch refundStarted = new CountDownLatch(1);
        final CountDownLatch orderHooked = new CountDownLatch(1);
        volatile boolean overlapping;

        @Tool("Looks up an order")
        public String lookupOrder(String id) throws InterruptedException {
            if (overlapping) {
                await(refundStarted);
            }
            clock.addAndGet(TimeUnit.SECONDS.toNanos(7));
            seen("lookupOrder");
            return "order " + id + " shipped";
        }

        @Tool("Looks up a refund")
        public String lookupRefund(String id) throws InterruptedException {
            refundStarted.countDown();
            await(orderHooked);
            clock.addAndGet(TimeUnit.SECONDS.toNanos(11));
            seen("lookupRefund");
            return "refund " + id + " paid";
        }

        private void seen(String tool) {
            TaskScope current = TaskScope.current().orElse(null);
            if (current != null) {
                taskSeen.put(tool, current);
            }
        }

        private static void await(CountDownLatch latch) throws InterruptedException {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the other tool never ran beside this one");
            }
        }
    }

    private OceumLangChain4jOptions timedBy(TimedTools tools) {
        return OceumLangChain4jOptions.builder().nanoClock(tools.clock::get).build();
    }

    @Test
    void timesAToolFromTheBeforeHookToTheAfterHookOnTheOptionsClock() {
        h.openAi.enqueue(Reply.toolCall("lookupOrder", "{\"arg0\":\"o-1\"}", 2, 1), Reply.answer("shipped", 3, 1));
        TimedTools tools = new TimedTools();
        Assistant assistant = OceumLangChain4j.instrument(AiServices.builder(Assistant.class), h.oceum, timedBy(tools))
                .chatModel(h.chatModel(new OceumChatModelListener(h.oceum)))
                .tools(tools)
                .build();

        assistant.chat("Where is o-1?");

        JsonNode tool = h.only("task_complete").path("meta").path("tools").get(0);
        assertThat(tool.path("name").asText()).isEqualTo("lookupOrder");
        assertThat(tool.path("status").asText()).isEqualTo("ok");
        assertThat(tool.path("durationMs").asLong())
                .as("timed by our hooks on the options' clock, not by LangChain4j's wall clock")
                .isEqualTo(7_000);
    }

    @Test
    void timesOverlappingToolsOfOneInvocationEachOnItsOwn() throws Exception {
        h.openAi.enqueue(
                Reply.toolCalls(
                        2,
                        1,
                        new ToolCall("call_1", "lookupOrder", "{\"arg0\":\"o-2\"}"),
                        new ToolCall("call_2", "lookupRefund", "{\"arg0\":\"r-2\"}")),
                Reply.answer("both done", 3, 1));
        TimedTools tools = new TimedTools();
        tools.overlapping = true;
        OceumAiServiceListeners listeners = OceumAiServiceListeners.create(h.oceum, timedBy(tools));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Assistant assistant = AiServices.builder(Assistant.class)
                    .chatModel(h.chatModel(new OceumChatModelListener(h.oceum)))
                    .registerListeners(listeners)
                    .beforeToolExecution(listeners.beforeToolExecution())
                    .afterToolExecution(listeners.afterToolExecution(t -> {
                        if (t.request().name().equals("lookupOrder")) {
                            tools.orderHooked.countDown(); // our hook has timed it: lookupRefund may go on
                        }
                    }))
                    .tools(tools)
                    .executeToolsConcurrently(pool)
                    .build();

            assistant.chat("Where are o-2 and r-2?");

            String taskId = h.only("task_start").path("taskId").asText();
            JsonNode meta = h.only("task_complete").path("meta");
            assertThat(meta.path("toolCalls").asInt()).isEqualTo(2);
            assertThat(meta.path("toolFailures").asInt()).isZero();
            Map<String, Long> durations = new ConcurrentHashMap<>();
            meta.path("tools")
                    .forEach(t -> durations.put(
                            t.path("name").asText(), t.path("durationMs").asLong()));
            assertThat(durations)
                    .as(
                            "each call from its own start: lookupRefund began before lookupOrder's 7 s and ended after its own 11 s")
                    .containsOnly(Map.entry("lookupOrder", 7_000L), Map.entry("lookupRefund", 18_000L));
            assertThat(tools.taskSeen)
                    .as("both ran inside the invocation's task on the pool's threads")
                    .containsOnlyKeys("lookupOrder", "lookupRefund")
                    .allSatisfy((name, task) -> assertThat(task.id()).isEqualTo(taskId));

            // Both pool threads are left as they were: the task is current on neither.
            CyclicBarrier both = new CyclicBarrier(2);
            List<Future<TaskScope>> probes = List.of(pool.submit(() -> probe(both)), pool.submit(() -> probe(both)));
            for (Future<TaskScope> probe : probes) {
                assertThat(probe.get(10, TimeUnit.SECONDS)).isNull();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static TaskScope probe(CyclicBarrier both) throws Exception {
        both.await(10, TimeUnit.SECONDS); // one probe per pool thread
        return TaskScope.current().orElse(null);
    }

    @Test
    void timesAToolFromLangChain4jWhenOnlyTheAfterHookIsInstalled() {
        h.openAi.enqueue(Reply.toolCall("lookupOrder", "{\"arg0\":\"o-3\"}", 2, 1), Reply.answer("shipped", 3, 1));
        TimedTools tools = new TimedTools();
        OceumAiServiceListeners listeners = OceumAiServiceListeners.create(h.oceum, timedBy(tools));
        Assistant assistant = AiServices.builder(Assistant.class)
                .chatModel(h.chatModel())
                .registerListeners(listeners)
                .afterToolExecution(listeners.afterToolExecution())
                .tools(tools)
                .build();

        assistant.chat("Where is o-3?");

        JsonNode tool = h.only("task_complete").path("meta").path("tools").get(0);
        assertThat(tool.path("status").asText()).isEqualTo("ok");
        assertThat(tool.path("durationMs").isNumber())
                .as("LangChain4j's own timing stands in")
                .isTrue();
        assertThat(tool.path("durationMs").asLong())
                .as("LangChain4j's wall-clock time of a call that took no fake time, not the fake clock's 7 s")
                .isLessThan(7_000);
    }
}
