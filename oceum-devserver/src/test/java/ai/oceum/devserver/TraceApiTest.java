package ai.oceum.devserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.oceum.Oceum;
import ai.oceum.TaskScope;
import ai.oceum.Usage;
import ai.oceum.annotation.AgentTask;
import ai.oceum.devserver.dashboard.TraceView;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/trace}: the run holding a task, as a tree, for any SDK's tasks that carry parent
 * ids (plain-Java {@code wrap} nesting, {@code @AgentTask} nesting, raw events), whatever order its
 * events arrive in, with orphans and loops placed at the top with a note, bounded in size.
 * (A real LangChain4j multi-agent run: {@link TraceBrowserTest}.)
 */
@DatabaseTest
class TraceApiTest {
    private static final long T0 = 1_800_000_000_000L;

    private DevServer server;
    private Api api;

    @BeforeEach
    void start() {
        server = TestDatabase.builder().apiKey("k").build().start();
        api = new Api(server);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Oceum client(String agentId) {
        return Oceum.builder()
                .baseUrl(server.baseUrl())
                .apiKey(server.apiKey())
                .agentId(agentId)
                .readEnvironment(false)
                .shutdownHook(false)
                .build();
    }

    private JsonNode trace(String agentId, String taskId) {
        Api.Reply r = api.get("/api/trace?agentId=" + agentId + "&taskId=" + taskId, false);
        assertThat(r.status()).as(r.raw().body()).isEqualTo(200);
        return r.body();
    }

    private static JsonNode node(JsonNode trace, String name) {
        for (JsonNode t : trace.get("tasks")) {
            if (t.get("name").asText().equals(name)) {
                return t;
            }
        }
        throw new AssertionError("no task " + name + " in " + trace.get("tasks"));
    }

    /** Each task as "name <- parent name (depth)", in the page's order. */
    private static List<String> shape(JsonNode trace) {
        Map<String, String> names = new LinkedHashMap<>();
        trace.get("tasks")
                .forEach(t -> names.put(t.get("key").asText(), t.get("name").asText()));
        List<String> out = new ArrayList<>();
        for (JsonNode t : trace.get("tasks")) {
            String parent = t.get("parentKey").isNull()
                    ? "-"
                    : names.get(t.get("parentKey").asText());
            out.add(t.get("name").asText() + " <- " + parent + " ("
                    + t.get("depth").asInt() + ")");
        }
        return out;
    }

    @Test
    void plainJavaWrapNestingIsATreeWithUsageErrorsAndTotalsInPlace() {
        String[] ids = new String[3];
        try (Oceum oceum = client("plain")) {
            assertThatThrownBy(() -> oceum.wrap("handle-order", () -> {
                        ids[0] = TaskScope.current().orElseThrow().id();
                        oceum.wrap("price-order", () -> {
                            ids[1] = TaskScope.current().orElseThrow().id();
                            oceum.reportUsage(Usage.of("gpt-4o-mini", 100, 10));
                            oceum.reportUsage(Usage.of("gpt-4o-mini", 100, 36));
                        });
                        // The reference SDK's plain form inside an open task: no task id of its own, its parent's id.
                        // Matched by
                        // name, so its start must be answered before its completion is sent.
                        oceum.taskStart("notify-warehouse").get(10, java.util.concurrent.TimeUnit.SECONDS);
                        oceum.taskComplete("notify-warehouse");
                        oceum.wrap("ship-order", () -> {
                            ids[2] = TaskScope.current().orElseThrow().id();
                            throw new IllegalStateException("no courier for zone 9");
                        });
                    }))
                    .hasMessage("no courier for zone 9");
            assertThat(oceum.flush(Duration.ofSeconds(10))).isTrue();
        }
        // Opened from the failed child: the page shows its whole run, with the child marked.
        JsonNode trace = trace("plain", ids[2]);
        assertThat(shape(trace))
                .containsExactly(
                        "handle-order <- - (0)",
                        "price-order <- handle-order (1)",
                        "notify-warehouse <- handle-order (1)",
                        "ship-order <- handle-order (1)");
        assertThat(node(trace, "notify-warehouse").get("key").asText()).startsWith("r:");
        assertThat(node(trace, "notify-warehouse").get("state").asText()).isEqualTo("succeeded");
        JsonNode root = node(trace, "handle-order");
        JsonNode price = node(trace, "price-order");
        JsonNode ship = node(trace, "ship-order");
        assertThat(root.get("taskId").asText()).isEqualTo(ids[0]);
        assertThat(ship.get("selected").asBoolean()).isTrue();
        assertThat(root.get("selected").asBoolean()).isFalse();
        assertThat(ship.get("state").asText()).isEqualTo("failed");
        assertThat(root.get("state").asText()).isEqualTo("failed");
        assertThat(price.get("state").asText()).isEqualTo("succeeded");
        assertThat(ship.get("errors")).singleElement().satisfies(e -> {
            assertThat(e.get("message").asText()).isEqualTo("no courier for zone 9");
            assertThat(e.get("taskFailure").asBoolean()).isTrue();
            assertThat(e.get("stackTrace").asText()).contains("TraceApiTest");
        });
        // Usage belongs to the task that made the calls; totals per subtree, money exact (as doubles:
        // 0.000057600000000000004).
        assertThat(price.get("own").get("modelCalls").asInt()).isEqualTo(2);
        assertThat(price.get("modelCalls")).hasSize(2);
        assertThat(price.get("own").get("costUsd").decimalValue()).isEqualByComparingTo("0.0000576");
        assertThat(root.get("own").get("modelCalls").asInt()).isZero();
        JsonNode subtree = root.get("subtree");
        assertThat(subtree.get("modelCalls").asInt()).isEqualTo(2);
        assertThat(subtree.get("tokensInput").asLong()).isEqualTo(200);
        assertThat(subtree.get("tokensOutput").asLong()).isEqualTo(46);
        assertThat(subtree.get("costUsd").decimalValue()).isEqualByComparingTo("0.0000576");
        assertThat(subtree.get("tasks").asInt()).isEqualTo(4);
        assertThat(subtree.get("errors").asInt()).isEqualTo(2); // the child's failure and the root's
        // The SDK's own count of the subtree (usageTotals) agrees with what the server summed.
        assertThat(root.get("reportedUsageTotals").get("calls").asInt()).isEqualTo(2);
        assertThat(api.get("/api/trace?agentId=plain&taskId=" + ids[2], false)
                        .raw()
                        .body())
                .contains("\"costUsd\":0.0000576,");
        // One time axis: children start at or after the root, and end within its span.
        long rootOffset = root.get("offsetMs").asLong();
        assertThat(rootOffset).isZero();
        assertThat(ship.get("offsetMs").asLong())
                .isGreaterThanOrEqualTo(price.get("offsetMs").asLong());
        assertThat(trace.get("run").get("name").asText()).isEqualTo("handle-order");
        assertThat(trace.get("run").get("tasks").asInt()).isEqualTo(4);
        assertThat(trace.get("run").get("failed").asInt()).isEqualTo(2);
        assertThat(trace.get("run").get("running").asInt()).isZero();
        assertThat(trace.get("run").get("endedAt").isNull()).isFalse();
    }

    /** An order desk whose entry method calls an instrumented pricing service: @AgentTask nesting. */
    public interface OrderDesk {
        @AgentTask("take-order")
        String take(String order);
    }

    /** The pricing service the desk calls. */
    public interface Pricing {
        @AgentTask("quote")
        int quote(String order);
    }

    @Test
    void agentTaskNestingThroughInstrumentedProxiesIsATree() {
        try (Oceum oceum = client("annotated")) {
            Pricing pricing = oceum.instrument(Pricing.class, order -> order.length());
            OrderDesk desk = oceum.instrument(
                    OrderDesk.class, order -> "quoted " + pricing.quote(order) + " and " + pricing.quote("x"));
            assertThat(desk.take("books")).isEqualTo("quoted 5 and 1");
            assertThat(oceum.flush(Duration.ofSeconds(10))).isTrue();
        }
        JsonNode runs = api.dashboard().get("recentRuns");
        JsonNode run = WebhookProtocolTest.find(runs, "annotated", "name", "take-order");
        assertThat(run.get("tasks").asInt()).isEqualTo(3);
        assertThat(run.get("state").asText()).isEqualTo("succeeded");
        JsonNode trace = trace("annotated", run.get("taskId").asText());
        assertThat(shape(trace))
                .containsExactly("take-order <- - (0)", "quote <- take-order (1)", "quote <- take-order (1)");
        assertThat(trace.get("tasks").get(0).get("selected").asBoolean()).isTrue();
    }

    /** One run as raw events (agentic-style meta), in the order they were made. */
    private static List<String> agenticRun() {
        List<String> events = new ArrayList<>();
        events.add(start(
                "root",
                null,
                "support-flow",
                T0,
                "\"kind\":\"sequence\",\"agentId\":\"support-flow\",\"memoryId\":\"m-1\""));
        events.add(start(
                "triage",
                "root",
                "triage",
                T0 + 5,
                "\"kind\":\"agent\",\"agentId\":\"triage$0\",\"rootTaskId\":\"root\""));
        events.add(usage("triage", T0 + 90, 100, 10, 60));
        events.add(
                end(
                        "triage",
                        "root",
                        T0 + 100,
                        95,
                        "\"status\":\"completed\",\"agentId\":\"triage$0\",\"rootTaskId\":\"root\","
                                + "\"tools\":[{\"name\":\"lookupCustomer\",\"status\":\"ok\",\"durationMs\":20,\"startOffsetMs\":30}]"));
        events.add(start("loop", "root", "review-loop", T0 + 101, "\"kind\":\"loop\",\"rootTaskId\":\"root\""));
        for (int i = 0; i < 2; i++) {
            long at = T0 + 110 + i * 100L;
            events.add(start(
                    "draft" + i,
                    "loop",
                    "drafter",
                    at,
                    "\"kind\":\"agent\",\"iteration\":" + i + ",\"rootTaskId\":\"root\""));
            events.add(usage("draft" + i, at + 40, 200, 20, 30));
            events.add(end(
                    "draft" + i,
                    "loop",
                    at + 45,
                    45,
                    "\"status\":\"completed\",\"iteration\":" + i + ",\"rootTaskId\":\"root\""));
            events.add(start(
                    "review" + i,
                    "loop",
                    "reviewer",
                    at + 50,
                    "\"kind\":\"agent\",\"iteration\":" + i + ",\"rootTaskId\":\"root\""));
            events.add(usage("review" + i, at + 80, 300, 30, 25));
            events.add(end(
                    "review" + i,
                    "loop",
                    at + 90,
                    40,
                    "\"status\":\"completed\",\"iteration\":" + i + ",\"rootTaskId\":\"root\""));
        }
        events.add(end(
                "loop", "root", T0 + 305, 204, "\"status\":\"completed\",\"iterations\":2,\"rootTaskId\":\"root\""));
        events.add(end(
                "root", null, T0 + 310, 310, "\"status\":\"completed\",\"kind\":\"sequence\",\"memoryId\":\"m-1\""));
        return events;
    }

    private static String start(String id, String parent, String name, long at, String meta) {
        return "{\"event\":\"task_start\",\"agentId\":\"flow\",\"timestamp\":" + at + ",\"data\":{\"taskName\":\""
                + name
                + "\",\"taskId\":\"" + id + "\"" + (parent == null ? "" : ",\"parentTaskId\":\"" + parent + "\"")
                + ",\"meta\":{" + meta + "}}}";
    }

    private static String end(String id, String parent, long at, long duration, String meta) {
        return "{\"event\":\"task_complete\",\"agentId\":\"flow\",\"timestamp\":" + at + ",\"data\":{\"taskId\":\"" + id
                + "\"" + (parent == null ? "" : ",\"parentTaskId\":\"" + parent + "\"") + ",\"durationMs\":" + duration
                + ",\"meta\":{" + meta + "}}}";
    }

    private static String usage(String id, long at, int in, int out, int ms) {
        return "{\"event\":\"usage\",\"agentId\":\"flow\",\"timestamp\":" + at + ",\"data\":{\"taskId\":\"" + id
                + "\",\"model\":\"gpt-4o-mini\",\"tokensInput\":" + in + ",\"tokensOutput\":" + out + ",\"durationMs\":"
                + ms + "}}";
    }

    /** What the page shows of a run, without the request-dependent parts. */
    private static String comparable(JsonNode trace) {
        List<String> rows = new ArrayList<>();
        for (JsonNode t : trace.get("tasks")) {
            rows.add(String.join(
                    "|",
                    t.get("key").asText(),
                    t.get("parentKey").asText(),
                    t.get("depth").asText(),
                    t.get("name").asText(),
                    t.get("state").asText(),
                    t.get("kind").asText(),
                    t.get("iteration").asText(),
                    t.get("offsetMs").asText(),
                    t.get("durationMs").asText(),
                    t.get("own").toString(),
                    t.get("subtree").toString(),
                    t.get("tools").toString(),
                    t.get("modelCalls").toString(),
                    String.valueOf(t.get("orphan"))));
        }
        return String.join("\n", rows) + "\n" + trace.get("run").toString();
    }

    @Test
    void anyArrivalOrderGivesTheSameTreeAsTheOrderTheEventsWereMadeIn() {
        List<String> inOrder = agenticRun();
        inOrder.forEach(e -> assertThat(api.event(e).status()).isEqualTo(200));
        String expected = comparable(trace("flow", "review1"));
        assertThat(shape(trace("flow", "review1")))
                .containsExactly(
                        "support-flow <- - (0)",
                        "triage <- support-flow (1)",
                        "review-loop <- support-flow (1)",
                        "drafter <- review-loop (2)",
                        "reviewer <- review-loop (2)",
                        "drafter <- review-loop (2)",
                        "reviewer <- review-loop (2)");
        JsonNode trace = trace("flow", "root");
        assertThat(node(trace, "triage").get("tools")).singleElement().satisfies(t -> {
            assertThat(t.get("name").asText()).isEqualTo("lookupCustomer");
            assertThat(t.get("offsetMs").asLong()).isEqualTo(35); // the task began at +5, the tool 30 ms later
        });
        assertThat(node(trace, "triage")
                        .get("modelCalls")
                        .get(0)
                        .get("offsetMs")
                        .asLong())
                .isEqualTo(30); // reported at +90, took 60
        assertThat(node(trace, "review-loop").get("subtree").get("tokensInput").asLong())
                .isEqualTo(1000);
        assertThat(trace.get("run").get("memoryId").asText()).isEqualTo("m-1");
        assertThat(trace.get("run").get("durationMs").asLong()).isEqualTo(310);

        // Children before parents, completions before starts: reversed, and shuffled five ways.
        List<List<String>> orders = new ArrayList<>();
        List<String> reversed = new ArrayList<>(inOrder);
        Collections.reverse(reversed);
        orders.add(reversed);
        for (int seed = 1; seed <= 5; seed++) {
            List<String> shuffled = new ArrayList<>(inOrder);
            Collections.shuffle(shuffled, new Random(seed));
            orders.add(shuffled);
        }
        for (int i = 0; i < orders.size(); i++) {
            String agent = "flow" + i;
            for (String e : orders.get(i)) {
                assertThat(api.event(e.replace("\"agentId\":\"flow\"", "\"agentId\":\"" + agent + "\""))
                                .status())
                        .isEqualTo(200);
            }
            for (String from : new String[] {"root", "draft0", "review1", "triage"}) {
                Api.Reply r = api.get("/api/trace?agentId=" + agent + "&taskId=" + from, false);
                assertThat(comparable(r.body()))
                        .as("order %d, opened from %s", i, from)
                        .isEqualTo(expected);
            }
        }
    }

    @Test
    void aTaskWhoseParentIsMissingIsShownAtTheTopWithANoteAndJoinsItsParentWhenItArrives() {
        api.event(start("p", null, "parent-task", T0, ""));
        api.event(start("c", "p", "child", T0 + 10, ""));
        // A grandchild whose own parent has not arrived: its run is unknown, it stands alone with a note.
        api.event(start("g", "missing", "grandchild", T0 + 20, ""));
        JsonNode alone = trace("flow", "g");
        assertThat(shape(alone)).containsExactly("grandchild <- - (0)");
        assertThat(alone.get("tasks").get(0).get("orphan").asText())
                .isEqualTo("its parent task missing has not been reported (yet), or retention deleted it");
        // With the run's root named by the SDK (meta.rootTaskId), it is shown in that run, at the top, with the note.
        api.event(start("g2", "missing2", "agent-of-lost-parent", T0 + 25, "\"rootTaskId\":\"p\""));
        JsonNode run = trace("flow", "p");
        assertThat(shape(run))
                .containsExactly("parent-task <- - (0)", "child <- parent-task (1)", "agent-of-lost-parent <- - (0)");
        assertThat(node(run, "agent-of-lost-parent").get("orphan").asText()).contains("missing2 has not been reported");
        assertThat(node(run, "parent-task").get("orphan").isNull()).isTrue();
        // The missing parent arrives, itself a child of "c": everything joins one tree.
        api.event(start("missing", "c", "late-parent", T0 + 15, ""));
        api.event(start("missing2", "p", "late-parent-2", T0 + 21, ""));
        JsonNode joined = trace("flow", "g");
        assertThat(shape(joined))
                .containsExactly(
                        "parent-task <- - (0)",
                        "child <- parent-task (1)",
                        "late-parent <- child (2)",
                        "grandchild <- late-parent (3)",
                        "late-parent-2 <- parent-task (1)",
                        "agent-of-lost-parent <- late-parent-2 (2)");
        assertThat(joined.get("tasks").findValues("orphan"))
                .allSatisfy(n -> assertThat(n.isNull()).isTrue());
        assertThat(joined.get("run").get("running").asInt()).isEqualTo(6);
        assertThat(joined.get("run").get("endedAt").isNull()).isTrue();
    }

    @Test
    void parentLinksThatLoopAreBrokenWithANote() {
        api.event(start("a", "b", "a-task", T0, ""));
        api.event(start("b", "a", "b-task", T0 + 1, ""));
        JsonNode trace = trace("flow", "a");
        assertThat(shape(trace)).containsExactly("a-task <- - (0)", "b-task <- a-task (1)");
        assertThat(node(trace, "a-task").get("orphan").asText()).isEqualTo("its parent links form a loop");
        api.event(start("s", "s", "self", T0, ""));
        assertThat(node(trace("flow", "s"), "self").get("orphan").asText())
                .isEqualTo("its parent task id is its own id");
    }

    @Test
    void suspendedAndAbandonedTasksAndAResumedRunAreShownAsSuch() {
        api.event(start("r1", null, "approval", T0, "\"kind\":\"sequence\",\"memoryId\":\"order-7\""));
        api.event(start("h1", "r1", "ask-human", T0 + 1, "\"kind\":\"human\",\"rootTaskId\":\"r1\""));
        api.event(start("x1", "r1", "side-agent", T0 + 2, "\"kind\":\"agent\",\"rootTaskId\":\"r1\""));
        api.event(end("h1", "r1", T0 + 5, 4, "\"status\":\"suspended\",\"pendingResponses\":[\"approval\"]"));
        api.event(
                "{\"event\":\"error\",\"agentId\":\"flow\",\"timestamp\":" + (T0 + 9)
                        + ",\"data\":{\"taskId\":\"x1\",\"parentTaskId\":\"r1\","
                        + "\"taskStatus\":\"failed\",\"durationMs\":7,\"message\":\"the run was idle for 30 minutes\","
                        + "\"type\":\"ai.oceum.langchain4j.agentic.AbandonedAgentTaskException\",\"meta\":{\"status\":\"abandoned\"}}}");
        api.event(end("r1", null, T0 + 6, 6, "\"status\":\"suspended\",\"memoryId\":\"order-7\""));
        api.event(start(
                "r2",
                null,
                "approval",
                T0 + 60_000,
                "\"kind\":\"sequence\",\"memoryId\":\"order-7\",\"resumeOf\":\"r1\""));
        api.event(end(
                "r2", null, T0 + 60_010, 10, "\"status\":\"completed\",\"memoryId\":\"order-7\",\"resumeOf\":\"r1\""));

        JsonNode first = trace("flow", "h1");
        assertThat(node(first, "ask-human").get("state").asText()).isEqualTo("suspended");
        assertThat(node(first, "side-agent").get("state").asText()).isEqualTo("abandoned");
        assertThat(node(first, "side-agent").get("errors").get(0).get("message").asText())
                .isEqualTo("the run was idle for 30 minutes");
        assertThat(first.get("run").get("state").asText()).isEqualTo("suspended");
        assertThat(first.get("run").get("resumedBy"))
                .extracting(JsonNode::asText)
                .containsExactly("r2");
        JsonNode second = trace("flow", "r2");
        assertThat(second.get("run").get("resumeOf").asText()).isEqualTo("r1");
        assertThat(second.get("run").get("memoryId").asText()).isEqualTo("order-7");
        JsonNode runs = api.dashboard().get("recentRuns");
        assertThat(runs.findValuesAsText("state")).contains("suspended", "succeeded");
    }

    @Test
    void aSubAgentFailureIsOneIncidentAndItsAncestorsFailuresAreShownInTheTraceOnly() {
        api.event(start("w", null, "workflow", T0, "\"kind\":\"sequence\""));
        api.event(start("a", "w", "checker", T0 + 1, "\"kind\":\"agent\",\"rootTaskId\":\"w\""));
        api.event(
                "{\"event\":\"error\",\"agentId\":\"flow\",\"timestamp\":" + (T0 + 5) + ",\"data\":{\"taskId\":\"a\","
                        + "\"parentTaskId\":\"w\",\"taskStatus\":\"failed\",\"durationMs\":4,\"message\":\"model said no\","
                        + "\"type\":\"java.lang.IllegalStateException\",\"meta\":{\"status\":\"failed\",\"failureOrigin\":true}}}");
        api.event("{\"event\":\"error\",\"agentId\":\"flow\",\"timestamp\":" + (T0 + 6) + ",\"data\":{\"taskId\":\"w\","
                + "\"taskStatus\":\"failed\",\"durationMs\":6,\"message\":\"Sub-agent 'checker' failed: java.lang.IllegalStateException: "
                + "model said no\",\"type\":\"ai.oceum.langchain4j.agentic.SubagentFailedException\","
                + "\"meta\":{\"status\":\"failed\",\"failureOrigin\":false,\"failedTaskId\":\"a\"}}}");
        JsonNode d = api.dashboard();
        assertThat(d.get("errors")).singleElement().satisfies(g -> {
            assertThat(g.get("message").asText()).isEqualTo("model said no");
            assertThat(g.get("taskId").asText()).isEqualTo("a");
        });
        assertThat(d.get("totals").get("errorIncidents").asInt()).isEqualTo(1);
        assertThat(d.get("totals").get("errors").asInt()).isEqualTo(2);
        JsonNode trace = trace("flow", "a");
        assertThat(node(trace, "workflow").get("state").asText()).isEqualTo("failed");
        assertThat(node(trace, "workflow")
                        .get("errors")
                        .get(0)
                        .get("failureOrigin")
                        .asBoolean())
                .isFalse();
        assertThat(node(trace, "checker")
                        .get("errors")
                        .get(0)
                        .get("failureOrigin")
                        .asBoolean())
                .isTrue();
    }

    @Test
    void aPageLoadsAtMostTheBoundAndSaysSo() throws Exception {
        int tasks = TraceView.MAX_TASKS + 30;
        api.event(start("big", null, "parallel-mapper", T0, "\"kind\":\"parallel-mapper\""));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> sent = IntStream.range(0, tasks - 1)
                    .mapToObj(i -> pool.submit(() -> api.event(start(
                                    "item" + i,
                                    "big",
                                    "writer_" + i,
                                    T0 + i,
                                    "\"item\":" + i + ",\"rootTaskId\":\"big\""))
                            .status()))
                    .toList();
            for (Future<Integer> f : sent) {
                assertThat(f.get()).isEqualTo(200);
            }
        } finally {
            pool.shutdown();
        }
        JsonNode trace = trace("flow", "big");
        assertThat(trace.get("taskCount").asInt()).isEqualTo(tasks);
        assertThat(trace.get("truncated").asBoolean()).isTrue();
        assertThat(trace.get("tasks")).hasSize(TraceView.MAX_TASKS);
        assertThat(trace.get("limits").get("tasks").asInt()).isEqualTo(TraceView.MAX_TASKS);
        // Opened from a task beyond the bound: it is shown too, in its place.
        String late = null;
        for (int i = tasks - 2; late == null; i--) {
            JsonNode t = trace("flow", "item" + i);
            if (t.get("tasks").size() == TraceView.MAX_TASKS + 1) {
                late = "item" + i;
                JsonNode shown = null;
                for (JsonNode n : t.get("tasks")) {
                    if (n.get("selected").asBoolean()) {
                        shown = n;
                    }
                }
                assertThat(shown.get("taskId").asText()).isEqualTo(late);
                assertThat(shown.get("parentKey").asText()).isEqualTo("t:big");
            }
        }
    }

    @Test
    void theTraceApiFollowsTheDashboardsAccessRules() {
        api.event(start("t", null, "x", T0, ""));
        int port = server.port();
        String local = "127.0.0.1:" + port;
        assertThat(RawHttp.get(port, "/api/trace?agentId=flow&taskId=t", local).status())
                .isEqualTo(200);
        // Relayed by a proxy: not the local browser, the key is needed.
        RawHttp.Answer relayed =
                RawHttp.get(port, "/api/trace?agentId=flow&taskId=t", local, "X-Forwarded-For: 203.0.113.9");
        assertThat(relayed.status()).isEqualTo(401);
        assertThat(relayed.text()).doesNotContain("\"tasks\"");
        assertThat(RawHttp.get(port, "/api/trace?agentId=flow&taskId=t&key=k", local, "X-Forwarded-For: 203.0.113.9")
                        .status())
                .isEqualTo(200);
        assertThat(RawHttp.get(port, "/api/trace?agentId=flow&taskId=t", "attacker.example:" + port)
                        .status())
                .isEqualTo(403);
        Api.Reply missing = api.get("/api/trace?agentId=flow&taskId=nope", false);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.text("error"))
                .isEqualTo("no task 'nope' of agent 'flow' has been reported (yet), or retention deleted it");
        assertThat(api.get("/api/trace?agentId=flow", false).status()).isEqualTo(400);
        assertThat(api.get("/api/trace?agentId=flow&taskId=" + "x".repeat(201), false)
                        .status())
                .isEqualTo(400);
    }

    @Test
    void theChangeCounterMovesWithEveryStoredEventSoAnOpenTracePageKnowsWhenToReload() {
        api.event(start("t", null, "x", T0, ""));
        long before = api.dashboard().get("changes").asLong();
        assertThat(trace("flow", "t").get("changes").asLong()).isEqualTo(before);
        api.event(start("u", "t", "y", T0 + 1, ""));
        long after = api.dashboard().get("changes").asLong();
        assertThat(after).isEqualTo(before + 1);
        assertThat(trace("flow", "t").get("changes").asLong()).isEqualTo(after);
        assertThat(trace("flow", "t").get("tasks")).hasSize(2);
        // A replayed event (same idempotency key) changes nothing, and the counter stays.
        api.event(start("v", "t", "z", T0 + 2, ""), "Idempotency-Key", "once");
        api.event(start("v", "t", "z", T0 + 2, ""), "Idempotency-Key", "once");
        assertThat(api.dashboard().get("changes").asLong()).isEqualTo(after + 1);
    }
}
