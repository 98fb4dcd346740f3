package ai.oceum.devserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.oceum.Oceum;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trace page in a real headless Chromium, with a real LangChain4j multi-agent system
 * ({@link SupportWorkflow}: sequence → loop → parallel, a tool, a scripted model) reported by
 * {@code oceum-langchain4j-agentic} through the real client: reached from the dashboard's recent
 * runs it shows every agent invocation as a row, nested as the workflow ran, with statuses and
 * totals; an open run grows on the page without a reload; a failed run is reached from its error.
 */
@Timeout(120)
class TraceBrowserTest {
    private static final String AGENT = "support-desk";

    @TempDir
    static Path tmp;

    private static HeadlessChromium browser;
    private DevServer server;
    private Oceum oceum;

    @BeforeAll
    static void openBrowser() throws Exception {
        assumeTrue(
                Files.isExecutable(HeadlessChromium.BINARY), "Debian chromium is not installed (.ci/run installs it)");
        browser = HeadlessChromium.open("about:blank", tmp.resolve("profile"), 1400, 1000);
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @AfterEach
    void stop() {
        if (oceum != null) {
            oceum.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private SupportWorkflow start() {
        server = DevServer.builder().inMemory().build().start();
        oceum = Oceum.builder()
                .baseUrl(server.baseUrl())
                .apiKey(server.apiKey())
                .agentId(AGENT)
                .readEnvironment(false)
                .shutdownHook(false)
                .build();
        return new SupportWorkflow(oceum, 5);
    }

    private JsonNode js(String expression) throws Exception {
        return browser.eval(expression);
    }

    private String text(String expression) throws Exception {
        return js(expression).asText();
    }

    /** Waits until {@code condition} holds in the page; while a navigation is under way the page may not have the elements yet. */
    private void awaitPage(String condition) {
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> js("(() => { try { return !!(" + condition + "); } catch (e) { return false; } })()")
                        .asBoolean());
    }

    private void awaitTracePage() {
        awaitPage("location.pathname === '/trace' && document.body.dataset.trace === 'loaded' "
                + "&& document.getElementById('conn').dataset.state === 'live'");
    }

    /** Each row as "name|depth|state", in the page's order. */
    private List<String> rows() throws Exception {
        List<String> out = new ArrayList<>();
        js("[...document.querySelectorAll('.wf-row[data-key]')].map(r => r.dataset.name + '|' + r.dataset.depth + '|' + r.dataset.state)")
                .forEach(n -> out.add(n.asText()));
        return out;
    }

    private String row(String name) {
        return "document.querySelector('.wf-row[data-name=\"" + name + "\"]')";
    }

    @Test
    void aRealMultiAgentRunOpenedFromTheRecentRunsIsAWaterfallWithNestingStatusesAndTotals() throws Exception {
        SupportWorkflow workflow = start();
        assertThat(workflow.answer("T-1: charged twice, customer C-17")).startsWith("Draft v2");
        assertThat(oceum.flush(Duration.ofSeconds(10))).isTrue();

        browser.navigate(server.dashboardUrl());
        awaitPage(
                "document.body.dataset.loading === 'false' && !!document.querySelector('#recent-tasks a.trace-link')");
        assertThat(text("document.querySelector('#recent-tasks li').textContent"))
                .contains("support-reply")
                .contains("10 tasks");
        js("document.querySelector('#recent-tasks a.trace-link').click()");
        awaitTracePage();

        List<String> rows = rows();
        assertThat(rows.subList(0, 8))
                .containsExactly(
                        "support-reply|0|succeeded",
                        "triage|1|succeeded",
                        "review-loop|1|succeeded",
                        "draft-reply|2|succeeded",
                        "review-draft|2|succeeded",
                        "draft-reply|2|succeeded",
                        "review-draft|2|succeeded",
                        "final-checks|1|succeeded");
        assertThat(rows.subList(8, 10)).containsExactlyInAnyOrder("policy-check|2|succeeded", "tone-check|2|succeeded");
        // Nesting: the loop's iterations under the loop, numbered; the parallel checks under final-checks.
        String loopKey = text(row("review-loop") + ".dataset.key");
        assertThat(
                        js("[...document.querySelectorAll('.wf-row[data-name=\"draft-reply\"]')].every(r => r.dataset.parentKey === '"
                                        + loopKey + "')")
                                .asBoolean())
                .isTrue();
        assertThat(text(
                        "[...document.querySelectorAll('.wf-row[data-name=\"draft-reply\"]')].map(r => r.querySelector('.iter').textContent)"
                                + ".join(',')"))
                .isEqualTo("iteration 0,iteration 1");
        assertThat(text(row("policy-check") + ".dataset.parentKey"))
                .isEqualTo(text(row("final-checks") + ".dataset.key"));
        assertThat(text(row("review-loop") + ".querySelector('.kchip').textContent"))
                .isEqualTo("loop");
        assertThat(text(row("final-checks") + ".querySelector('.kchip').textContent"))
                .isEqualTo("parallel");
        // Totals per subtree: the whole run's tokens and exact cost on the root, the loop's on the loop.
        assertThat(js(row("support-reply") + ".dataset.subtreeTokens").asLong())
                .isEqualTo(SupportWorkflow.tokensPerRun());
        assertThat(js(row("support-reply") + ".dataset.subtreeTasks").asInt()).isEqualTo(10);
        int[] draft = SupportWorkflow.TOKENS.get("draft-reply");
        int[] review = SupportWorkflow.TOKENS.get("review-draft");
        assertThat(js(row("review-loop") + ".dataset.subtreeTokens").asLong())
                .isEqualTo(2L * (draft[0] + draft[1] + review[0] + review[1]));
        BigDecimal cost = new BigDecimal(text(row("support-reply") + ".dataset.subtreeCost"));
        assertThat(cost).isEqualByComparingTo(expectedCost());
        assertThat(text("document.querySelector('[data-total=\"cost\"] .chip-value').title"))
                .isEqualTo("$" + cost.toPlainString());
        assertThat(text("document.querySelector('.badge-state').textContent")).isEqualTo("succeeded");
        // Bars on one axis, model calls and the tool call as marks in the triage agent's lane.
        assertThat(js("[...document.querySelectorAll('.wf-row[data-key] .bar-task')].length")
                        .asInt())
                .isEqualTo(10);
        assertThat(js(row("triage") + ".querySelectorAll('.mark-model').length").asInt())
                .isEqualTo(2);
        assertThat(text(row("triage") + ".querySelector('.mark-tool').title")).startsWith("tool lookupCustomer (ok)");
        assertThat(js("parseFloat(" + row("support-reply") + ".querySelector('.bar-task').style.left)")
                        .asDouble())
                .isZero();
        // A row opens to its details: own model calls with tokens and cost, the tool call.
        js(row("triage") + ".click()");
        awaitPage("!!document.querySelector('.wf-details')");
        String details = text("document.querySelector('.wf-details').textContent");
        assertThat(details)
                .contains("Model calls")
                .contains("gpt-4o-mini")
                .contains("Tool calls")
                .contains("lookupCustomer")
                .contains("with everything below");
        assertThat(js("document.querySelectorAll('.wf-details .detail-section')[1].querySelectorAll('tr').length")
                        .asInt())
                .isEqualTo(3);

        // The JSON behind it: each agent's own usage is its own calls; the SDK's subtree count agrees.
        JsonNode trace = new Api(server)
                .get("/api/trace?agentId=" + AGENT + "&taskId=" + text(row("support-reply") + ".dataset.taskId"), false)
                .body();
        // One time axis: each bar is its task's duration over the run's span (the latest end of any task).
        long span = 0;
        for (JsonNode t : trace.get("tasks")) {
            span = Math.max(
                    span, t.get("offsetMs").asLong() + t.get("durationMs").asLong());
        }
        for (JsonNode t : trace.get("tasks")) {
            String bar =
                    "document.querySelector('.wf-row[data-key=\"" + t.get("key").asText() + "\"] .bar-task')";
            assertThat(js("parseFloat(" + bar + ".style.left)").asDouble())
                    .as(t.get("name").asText())
                    .isCloseTo(100.0 * t.get("offsetMs").asLong() / span, org.assertj.core.data.Offset.offset(0.001));
            assertThat(js("parseFloat(" + bar + ".style.width.replace(/.*, /, ''))")
                            .asDouble())
                    .as(t.get("name").asText())
                    .isCloseTo(100.0 * t.get("durationMs").asLong() / span, org.assertj.core.data.Offset.offset(0.001));
        }
        for (JsonNode t : trace.get("tasks")) {
            int[] tokens = SupportWorkflow.TOKENS.get(t.get("name").asText());
            int calls = t.get("name").asText().equals("triage") ? 2 : 1;
            assertThat(t.get("own").get("tokensInput").asLong())
                    .as(t.get("name").asText())
                    .isEqualTo(tokens == null ? 0 : calls * tokens[0]);
            assertThat(t.get("subtree").get("modelCalls").asLong())
                    .isEqualTo(t.get("reportedUsageTotals").get("calls").asLong());
        }
    }

    private static BigDecimal expectedCost() {
        // gpt-4o-mini: $0.15 in, $0.60 out per 1M tokens (the built-in price table).
        long in = 0;
        long out = 0;
        for (var e : SupportWorkflow.TOKENS.entrySet()) {
            int calls = e.getKey().endsWith("-check") ? 1 : 2;
            in += (long) calls * e.getValue()[0];
            out += (long) calls * e.getValue()[1];
        }
        return new BigDecimal("0.15")
                .multiply(BigDecimal.valueOf(in))
                .add(new BigDecimal("0.60").multiply(BigDecimal.valueOf(out)))
                .movePointLeft(6);
    }

    @Test
    void anOpenRunGrowsOnThePageWithoutAReloadUntilItEnds() throws Exception {
        SupportWorkflow workflow = start();
        CountDownLatch gate = workflow.hold("review-draft");
        CompletableFuture<String> run =
                CompletableFuture.supplyAsync(() -> workflow.answer("T-2: refund please, customer C-17"));
        Api api = new Api(server);
        String[] root = new String[1];
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            for (JsonNode r : api.dashboard().get("recentRuns")) {
                if (r.get("name").asText().equals("support-reply")) {
                    root[0] = r.get("taskId").asText();
                }
            }
            if (root[0] == null) {
                return false;
            }
            // Events are in flight several at a time: wait until those made before the hold have all arrived.
            List<String> shown = new ArrayList<>();
            api.get("/api/trace?agentId=" + AGENT + "&taskId=" + root[0], false)
                    .body()
                    .get("tasks")
                    .forEach(t -> shown.add(t.get("name").asText() + "|"
                            + t.get("depth").asText() + "|" + t.get("state").asText()));
            return shown.equals(List.of(
                    "support-reply|0|running",
                    "triage|1|succeeded",
                    "review-loop|1|running",
                    "draft-reply|2|succeeded",
                    "review-draft|2|running"));
        });

        browser.navigate(server.baseUrl() + "/trace?agentId=" + AGENT + "&taskId=" + root[0]);
        awaitTracePage();
        assertThat(rows())
                .containsExactly(
                        "support-reply|0|running",
                        "triage|1|succeeded",
                        "review-loop|1|running",
                        "draft-reply|2|succeeded",
                        "review-draft|2|running");
        assertThat(text("document.querySelector('.badge-state').textContent")).isEqualTo("running");
        js("window.__sameDocument = 42");
        // The running bar grows with the clock, without new events.
        String duration = text(row("review-draft") + ".querySelector('.dur').textContent");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> !text(row("review-draft") + ".querySelector('.dur').textContent")
                        .equals(duration));

        gate.countDown();
        assertThat(run.get(30, TimeUnit.SECONDS)).startsWith("Draft v2");
        assertThat(oceum.flush(Duration.ofSeconds(10))).isTrue();
        awaitPage("document.querySelector('.badge-state').textContent === 'succeeded' "
                + "&& document.querySelectorAll('.wf-row[data-key]').length === 10");
        assertThat(rows()).allSatisfy(r -> assertThat(r).endsWith("|succeeded")).hasSize(10);
        assertThat(js("window.__sameDocument").asInt()).isEqualTo(42); // updated live, not reloaded
    }

    @Test
    void aFailedRunIsReachedFromItsErrorAndShowsTheFailureWhereItBegan() throws Exception {
        SupportWorkflow workflow = start();
        assertThatThrownBy(() -> workflow.answer("T-3: my lawyer wants a refund, customer C-17"))
                .isInstanceOf(RuntimeException.class);
        assertThat(oceum.flush(Duration.ofSeconds(10))).isTrue();

        browser.navigate(server.dashboardUrl());
        String incident =
                "document.querySelector('#errors details[data-error=\"policy service refused the draft: legal review required\"]')";
        awaitPage("!!" + incident);
        // One failure, one incident: the workflows it failed (SubagentFailedException) are no incidents of their own.
        assertThat(js("document.querySelectorAll('#errors details.error').length")
                        .asInt())
                .isEqualTo(1);
        assertThat(text("document.getElementById('error-count').textContent")).isEqualTo("1");
        js(incident + ".open = true");
        js(incident + ".querySelector('.error-trace a').click()");
        awaitTracePage();

        assertThat(text("document.querySelector('.wf-row.selected').dataset.name"))
                .isEqualTo("policy-check");
        assertThat(text(row("policy-check") + ".dataset.state")).isEqualTo("failed");
        assertThat(text(row("policy-check") + ".querySelector('.inline-error').textContent"))
                .startsWith("IllegalStateException: policy service refused the draft: legal review required");
        assertThat(text(row("final-checks") + ".dataset.state")).isEqualTo("failed");
        assertThat(text(row("support-reply") + ".dataset.state")).isEqualTo("failed");
        assertThat(text(row("tone-check") + ".dataset.state")).isEqualTo("succeeded");
        assertThat(text("document.querySelector('.badge-state').textContent")).isEqualTo("failed");
        // The failed task's details are open (it was the one asked for), with the stack trace.
        assertThat(text("document.querySelector('.wf-details').textContent"))
                .contains("ended the task")
                .contains("java.lang.IllegalStateException: policy service refused the draft");
    }

    @Test
    void aTaskWhoseParentNeverArrivedIsShownAtTheTopWithItsNote() throws Exception {
        server = DevServer.builder().inMemory().build().start();
        Api api = new Api(server);
        api.event("{\"event\":\"task_start\",\"agentId\":\"raw\",\"data\":{\"taskName\":\"root\",\"taskId\":\"r\"}}");
        api.event(
                "{\"event\":\"task_complete\",\"agentId\":\"raw\",\"data\":{\"taskName\":\"lost-child\",\"taskId\":\"c\","
                        + "\"parentTaskId\":\"gone\",\"durationMs\":5,\"meta\":{\"rootTaskId\":\"r\"}}}");
        browser.navigate(server.baseUrl() + "/trace?agentId=raw&taskId=c");
        awaitTracePage();
        assertThat(rows()).containsExactly("root|0|running", "lost-child|0|succeeded");
        assertThat(text(row("lost-child") + ".querySelector('.orphan').textContent"))
                .isEqualTo(
                        "⚠ shown at the top: its parent task gone has not been reported (yet), or retention deleted it");
        assertThat(text("document.querySelector('.wf-row.selected').dataset.name"))
                .isEqualTo("lost-child");
    }
}
