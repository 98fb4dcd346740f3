package ai.oceum.springai;

import static org.assertj.core.api.Assertions.assertThat;

import ai.oceum.TaskScope;
import ai.oceum.testing.FakeOpenAi;
import ai.oceum.testing.FakeOpenAi.Reply;
import ai.oceum.testing.FakeOpenAi.ToolCall;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.client.ChatClient;

/**
 * Eight threads call one {@code ChatClient} at once — blocking calls, tool round trips and
 * streams mixed — and every task gets exactly its own model calls and usage.
 */
class ConcurrencyTest {
    private static final int THREADS = 8;
    private static final int CALLS = 6;
    private static final Pattern PROMPT = Pattern.compile("(call|tool|stream) (\\d+)-(\\d+)");

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
    void eightThreadsKeepTheirTasksAndUsageApart() throws Exception {
        // Tokens say whose call it is: input 100 + thread (first answer) or 300 + thread (after a tool), output 10 +
        // call.
        h.openAi.respondWith(request -> {
            Matcher m = PROMPT.matcher(FakeOpenAi.lastUserText(request));
            if (!m.find()) {
                return Reply.status(400);
            }
            int thread = Integer.parseInt(m.group(2));
            int call = Integer.parseInt(m.group(3));
            if (m.group(1).equals("tool") && !FakeOpenAi.hasToolResult(request)) {
                return Reply.toolCalls(
                        100 + thread, 10 + call, new ToolCall("call_" + call, "weather", "{\"arg0\":\"Oslo\"}"));
            }
            int in = m.group(1).equals("tool") ? 300 + thread : 100 + thread;
            return Reply.answer("answer " + thread + "-" + call, in, 10 + call);
        });
        ChatClient chat = h.chatClient();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            done.add(pool.submit(() -> {
                go.await();
                try (TaskScope worker = h.oceum.startTask("worker-" + thread)) {
                    for (int c = 0; c < CALLS; c++) {
                        String kind = c % 3 == 0 ? "call" : c % 3 == 1 ? "tool" : "stream";
                        String prompt = kind + " " + thread + "-" + c;
                        String answer = switch (kind) {
                            case "call" -> chat.prompt().user(prompt).call().content();
                            case "tool" ->
                                chat.prompt()
                                        .user(prompt)
                                        .tools(new Tools())
                                        .call()
                                        .content();
                            default ->
                                String.join(
                                        "",
                                        chat.prompt().user(prompt).stream()
                                                .content()
                                                .collectList()
                                                .block());
                        };
                        assertThat(answer).isEqualTo("answer " + thread + "-" + c);
                        assertThat(TaskScope.current()).contains(worker);
                    }
                }
                return null;
            }));
        }
        go.countDown();
        for (Future<?> f : done) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();

        int calls = THREADS * CALLS;
        h.await("task_complete", THREADS + calls);
        Map<String, JsonNode> starts = new HashMap<>();
        h.all("task_start").forEach(s -> starts.put(s.path("taskId").asText(), s));
        Map<String, Integer> workerOf = new HashMap<>();
        starts.values().stream()
                .filter(s -> s.path("taskName").asText().startsWith("worker-"))
                .forEach(s -> workerOf.put(
                        s.path("taskId").asText(),
                        Integer.parseInt(s.path("taskName").asText().substring("worker-".length()))));
        assertThat(workerOf).hasSize(THREADS);

        Map<String, List<JsonNode>> usageByTask = new HashMap<>();
        for (JsonNode u : h.all("usage")) {
            usageByTask
                    .computeIfAbsent(u.path("taskId").asText(), k -> new ArrayList<>())
                    .add(u);
        }
        List<JsonNode> callTasks = h.all("task_complete").stream()
                .filter(c -> !c.path("taskName").asText().startsWith("worker-"))
                .toList();
        assertThat(callTasks).hasSize(calls);
        for (JsonNode complete : callTasks) {
            String id = complete.path("taskId").asText();
            Integer thread = workerOf.get(starts.get(id).path("parentTaskId").asText());
            assertThat(thread)
                    .as("every call is a child of its thread's worker task")
                    .isNotNull();
            List<JsonNode> usages = usageByTask.getOrDefault(id, List.of());
            boolean tool = complete.path("meta").path("toolCalls").asInt() == 1;
            assertThat(usages).hasSize(tool ? 2 : 1);
            long call = usages.get(0).path("tokensOutput").asLong() - 10;
            assertThat(usages.get(0).path("tokensInput").asLong()).isEqualTo(100 + thread);
            long in = 100L + thread;
            long out = 10 + call;
            if (tool) {
                assertThat(call % 3).isEqualTo(1);
                assertThat(usages.get(1).path("tokensInput").asLong())
                        .as("per call, not cumulative")
                        .isEqualTo(300 + thread);
                assertThat(usages.get(1).path("tokensOutput").asLong()).isEqualTo(10 + call);
                in += 300 + thread;
                out += 10 + call;
            }
            assertThat(complete.path("meta").path("tokensInput").asLong()).isEqualTo(in);
            assertThat(complete.path("meta").path("tokensOutput").asLong()).isEqualTo(out);
            assertThat(complete.path("meta").path("modelCalls").asInt()).isEqualTo(tool ? 2 : 1);
        }
        assertThat(usageByTask.values().stream().mapToInt(List::size).sum())
                .as("no usage outside the calls' tasks")
                .isEqualTo(calls + THREADS * (CALLS / 3));
        assertThat(h.handler.openCalls()).isZero();
    }
}
