package ai.oceum.devserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.oceum.Oceum;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the dashboard shows must be true, checked in a real headless Chromium (one browser for the
 * class; each test opens its own dev server in it): the loading state, an exited agent turning
 * stale then offline, one heartbeat measurement per run, failed tools with a type and details,
 * one failed task read as one incident, exact money, and an empty state that says what a client
 * needs.
 */
@Timeout(90)
class DashboardTruthTest {
    @TempDir
    static Path tmp;

    private static HeadlessChromium browser;
    private DevServer server;
    private Api api;

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
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    private void startServer() {
        server = DevServer.builder().inMemory().apiKey("truth-key").build().start();
        api = new Api(server);
    }

    private String text(String js) throws Exception {
        return browser.eval(js).asText();
    }

    private void open() throws Exception {
        browser.navigate(server.dashboardUrl());
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> browser.eval("location.href === '" + server.dashboardUrl()
                                + "' && document.body?.dataset.loading === 'false'"
                                + " && document.getElementById('conn').dataset.state === 'live'")
                        .asBoolean());
    }

    @Test
    void showsALoadingStateUntilTheFirstSnapshotInsteadOfAnEmptyFleet() throws Exception {
        startServer();
        api.event("{\"event\":\"heartbeat\",\"agentId\":\"already-here\",\"data\":{}}");
        api.event("{\"event\":\"error\",\"agentId\":\"already-here\",\"data\":{\"message\":\"boom\"}}");
        browser.call("Fetch.enable", Map.of("patterns", List.of(Map.of("urlPattern", "*/api/*"))));
        List<String> paused = new ArrayList<>();
        try {
            browser.navigate(server.dashboardUrl());
            // Both data requests (the snapshot and the stream) are held: the page has no data yet.
            for (int i = 0; i < 2; i++) {
                paused.add(browser.nextEvent("Fetch.requestPaused", Duration.ofSeconds(20))
                        .get("requestId")
                        .asText());
            }
            assertThat(text("document.getElementById('conn').dataset.state")).isEqualTo("loading");
            assertThat(text("document.body.innerText"))
                    .doesNotContain("No agent has reported yet")
                    .doesNotContain("No errors")
                    .contains("Loading");
            assertThat(browser.eval("document.querySelectorAll('#agents .loading').length")
                            .asInt())
                    .isEqualTo(1);
        } finally {
            for (String id : paused) {
                browser.call("Fetch.continueRequest", Map.of("requestId", id));
            }
            browser.call("Fetch.disable", Map.of());
        }
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> browser.eval("!!document.querySelector('[data-agent=\"already-here\"]')")
                        .asBoolean());
        assertThat(text("document.getElementById('conn').dataset.state")).isEqualTo("live");
        assertThat(text("document.querySelector('#errors').innerText")).contains("boom");
    }

    @Test
    void theEmptyStateGivesEverythingAClientNeedsIncludingTheAgentId() throws Exception {
        startServer();
        open();
        String hint = text("document.getElementById('hint-env').textContent");
        assertThat(hint)
                .contains("OCEUM_BASE_URL=" + server.baseUrl())
                .contains("OCEUM_API_KEY=")
                .contains("OCEUM_AGENT_ID=")
                .doesNotContain("truth-key");
        assertThat(text("document.querySelector('#errors').innerText")).contains("No errors");
    }

    @Test
    void anAgentWhoseProcessExitedTurnsStaleThenOfflineAndShowsWhenItWasLastSeen() throws Exception {
        startServer();
        open();
        try (Oceum oceum = Oceum.builder()
                .baseUrl(server.baseUrl())
                .apiKey(server.apiKey())
                .agentId("exits")
                .readEnvironment(false)
                .shutdownHook(false)
                .build()) {
            oceum.startHeartbeat(Duration.ofSeconds(1));
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> agent("exits").path("heartbeats").asLong() >= 3);
            await().atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() ->
                            "live".equals(text("document.querySelector('[data-agent=\"exits\"]')?.dataset.liveness")));
            assertThat(text("document.querySelector('[data-agent=\"exits\"] .beat').textContent"))
                    .startsWith("heartbeat ");
        } // the process "exits": no more heartbeats
        await().atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> "stale".equals(text("document.querySelector('[data-agent=\"exits\"]').dataset.liveness")));
        assertThat(text("document.querySelector('[data-agent=\"exits\"] .beat').textContent"))
                .startsWith("last seen ");
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(100))
                .until(() ->
                        "offline".equals(text("document.querySelector('[data-agent=\"exits\"]').dataset.liveness")));
        assertThat(text("document.querySelector('[data-agent=\"exits\"] .badge').textContent"))
                .isEqualTo("offline");
        assertThat(text("document.querySelector('[data-agent=\"exits\"] .beat').textContent"))
                .matches("last seen \\d+s ago");
    }

    @Test
    void aNewRunOfAnAgentStartsANewHeartbeatMeasurement() throws Exception {
        startServer();
        long t0 = System.currentTimeMillis() - 70_000;
        // First run: a beat every second. Then the process stops; a minute later a new one starts.
        for (long at : new long[] {t0, t0 + 1000, t0 + 2000, t0 + 3000, t0 + 63_000, t0 + 64_000, t0 + 65_000}) {
            api.event("{\"event\":\"heartbeat\",\"agentId\":\"restarted\",\"timestamp\":" + at + ",\"data\":{}}");
        }
        JsonNode agent = agent("restarted");
        assertThat(agent.get("heartbeatIntervalMs").asLong()).isEqualTo(1000);
        assertThat(agent.get("runStartedAt").asLong()).isEqualTo(t0 + 63_000);
        open();
        assertThat(text("document.querySelector('[data-agent=\"restarted\"]').dataset.liveness"))
                .isEqualTo("live");
        assertThat(text("document.querySelector('[data-agent=\"restarted\"] .interval').textContent"))
                .isEqualTo("every 1.00 s");
        assertThat(text("document.querySelector('[data-agent=\"restarted\"] .run').textContent"))
                .matches("run started \\d+s ago");
    }

    @Test
    void aFailedToolShowsItsTypeAndDetailsAndOneFailedTaskReadsAsOneIncident() throws Exception {
        startServer();
        // As the LangChain4j tool hook, the Logback appender and @AgentTask report them (docs/protocol.md).
        api.event(
                "{\"event\":\"error\",\"agentId\":\"triage\",\"data\":{\"message\":\"Tool 'lookupCustomer' failed: no customer with id C-00\","
                        + "\"taskName\":\"classify-ticket\",\"taskId\":\"t-1\",\"meta\":{\"source\":\"langchain4j.tool\",\"tool\":\"lookupCustomer\","
                        + "\"toolCallId\":\"call_7\",\"durationMs\":3}}}");
        api.event(
                "{\"event\":\"error\",\"agentId\":\"triage\",\"data\":{\"message\":\"Cannot triage ticket T-1006: it is empty\","
                        + "\"type\":\"java.lang.IllegalArgumentException\",\"stackTrace\":\"java.lang.IllegalArgumentException: ticket T-1006 has no text\","
                        + "\"taskName\":\"triage-ticket\",\"taskId\":\"t-6\",\"meta\":{\"source\":\"logback\",\"logger\":\"com.example.TriageAgent\"}}}");
        api.event("{\"event\":\"error\",\"agentId\":\"triage\",\"data\":{\"message\":\"ticket T-1006 has no text\","
                + "\"type\":\"java.lang.IllegalArgumentException\",\"stackTrace\":\"java.lang.IllegalArgumentException: ticket T-1006 has no text\","
                + "\"taskName\":\"triage-ticket\",\"taskId\":\"t-6\",\"taskStatus\":\"failed\",\"durationMs\":2}}");
        open();

        assertThat(browser.eval("document.querySelectorAll('#errors details.error').length")
                        .asInt())
                .isEqualTo(2);
        String tool = "document.querySelector('#errors details[data-type=\"tool:lookupCustomer\"]')";
        assertThat(text(tool + ".querySelector('.etype').textContent")).isEqualTo("tool lookupCustomer");
        browser.eval(tool + ".open = true");
        assertThat(text(tool + ".querySelector('.trace').textContent"))
                .contains("tool: lookupCustomer")
                .contains("toolCallId: call_7")
                .contains("durationMs: 3")
                .doesNotContain("no stack trace");

        String failure = "document.querySelector('#errors details[data-error=\"ticket T-1006 has no text\"]')";
        assertThat(text(failure + ".querySelector('summary').textContent"))
                .contains("×1")
                .contains("IllegalArgumentException")
                .contains("triage-ticket")
                .contains("+1 related");
        assertThat(text(failure + ".querySelector('.related').textContent"))
                .contains("Cannot triage ticket T-1006: it is empty")
                .contains("IllegalArgumentException");
        assertThat(browser.eval(
                                "!!document.querySelector('#errors details[data-error=\"Cannot triage ticket T-1006: it is empty\"]')")
                        .asBoolean())
                .isFalse();
        assertThat(text("document.getElementById('error-count').textContent")).isEqualTo("2");
    }

    @Test
    void moneyIsShownAsTheExactDecimalTheServerComputed() throws Exception {
        startServer();
        // As doubles these two costs add up to 0.000057600000000000004.
        api.event(
                "{\"event\":\"usage\",\"agentId\":\"spender\",\"data\":{\"model\":\"gpt-4o-mini\",\"tokensInput\":100,\"tokensOutput\":10}}");
        api.event(
                "{\"event\":\"usage\",\"agentId\":\"spender\",\"data\":{\"model\":\"gpt-4o-mini\",\"tokensInput\":100,\"tokensOutput\":36}}");
        open();
        assertThat(text("document.querySelector('[data-usage=\"spender/gpt-4o-mini\"] .cost').title"))
                .isEqualTo("$0.0000576");
        assertThat(text("document.querySelector('[data-total=\"cost\"] .chip-value').title"))
                .isEqualTo("$0.0000576");
        assertThat(text("document.querySelector('[data-agent=\"spender\"] [data-usd]').dataset.usd"))
                .isEqualTo("0.0000576");
    }

    private JsonNode agent(String id) {
        return WebhookProtocolTest.find(api.dashboard().get("agents"), id, "agentId", id);
    }
}
