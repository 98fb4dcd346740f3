package ai.oceum.devserver;

import ai.oceum.Oceum;
import ai.oceum.Usage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Makes {@code docs/dashboard.png}: a dev server with a small realistic fleet, photographed in
 * headless Chromium. Run with the module's test class path (from the IDE, or
 * {@code java -cp <test class path> ai.oceum.devserver.DashboardScreenshot docs/dashboard.png [--empty]}).
 */
public final class DashboardScreenshot {
    private DashboardScreenshot() {}

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "dashboard.png").toAbsolutePath();
        boolean empty = args.length > 1 && args[1].equals("--empty");
        Path tmp = Files.createTempDirectory("oceum-shot");
        try (DevServer server = DevServer.builder()
                .inMemory()
                .defaultHeartbeatInterval(Duration.ofSeconds(1))
                .build()
                .start()) {
            Api api = new Api(server);
            if (!empty) {
                populate(server, api);
            }
            try (HeadlessChromium browser =
                    HeadlessChromium.open(server.baseUrl() + "/", tmp.resolve("profile"), 1400, 1000)) {
                org.awaitility.Awaitility.await()
                        .atMost(Duration.ofSeconds(30))
                        .until(() -> browser.eval("document.getElementById('conn').dataset.state === 'live' && "
                                        + "document.querySelectorAll('[data-agent]').length === " + (empty ? 0 : 4))
                                .asBoolean());
                if (!empty) {
                    // The quiet agent's last heartbeat is more than 6 of its (1 s default) intervals old: offline.
                    org.awaitility.Awaitility.await()
                            .atMost(Duration.ofSeconds(30))
                            .until(() -> browser.eval(
                                            "document.querySelectorAll('[data-liveness=offline]').length === 1")
                                    .asBoolean());
                }
                if (!empty) {
                    // Fresh heartbeats once the page is up, so the busy machine's startup time does not age them.
                    for (String agent : new String[] {"support-triage-v2", "research-crew", "billing-reconciler"}) {
                        api.event("{\"event\":\"heartbeat\",\"agentId\":\"" + agent + "\",\"data\":{}}");
                    }
                    org.awaitility.Awaitility.await()
                            .atMost(Duration.ofSeconds(10))
                            .until(() -> browser.eval(
                                            "document.querySelectorAll('[data-liveness=live]').length === 3 && "
                                                    + "document.querySelectorAll('[data-liveness=offline]').length === 1")
                                    .asBoolean());
                }
                // Open the incident that has related errors (the task failure with its log line), else the first.
                browser.eval(
                        "(() => { const all = [...document.querySelectorAll('#errors details')];"
                                + " const d = all.find(x => x.querySelector('.related')) || all[0]; if (d) d.open = true; })()");
                Thread.sleep(300); // let the toggled panel paint: a picture, not a test
                browser.screenshot(out, 1400, 1000);
            }
        }
        System.out.println("wrote " + out);
    }

    private static void populate(DevServer server, Api api) {
        // An agent that went quiet: one heartbeat long ago (beyond 2.5 x its 1 s default interval).
        api.event("{\"event\":\"heartbeat\",\"agentId\":\"nightly-etl\",\"data\":{}}");
        api.event("{\"event\":\"status\",\"agentId\":\"nightly-etl\",\"data\":{\"status\":\"busy\"}}");
        api.event(
                "{\"event\":\"task_start\",\"agentId\":\"nightly-etl\",\"data\":{\"taskName\":\"load-warehouse\",\"taskId\":\"etl-1\"}}");
        String[][] tasks = {
            {"support-triage-v2", "classify-ticket", "12", "1", "model returned no category"},
            {"support-triage-v2", "draft-reply", "7", "0", ""},
            {"research-crew", "research-report", "3", "1", "search API timed out after 30 s"},
            {"billing-reconciler", "reconcile-invoice", "5", "3", "invoice total mismatch"}
        };
        int taskIds = 0;
        for (int round = 0; round < 13; round++) { // interleaved, as a live fleet reports
            for (String[] t : tasks) {
                int ok = Integer.parseInt(t[2]);
                int failed = Integer.parseInt(t[3]);
                if (round >= ok + failed) {
                    continue;
                }
                long ms = t[1].equals("research-report") ? 42_000 + round * 9_000L : 600 + (round * 397L % 2400);
                boolean fails = round % 3 == 2 && round / 3 < failed;
                String task = "\"taskName\":\"" + t[1] + "\",\"taskId\":\"run-" + (++taskIds) + "\"";
                if (fails && t[0].equals("billing-reconciler")) {
                    // The application logs the failure too: the dashboard lists the log line under the task's failure.
                    api.event(
                            "{\"event\":\"error\",\"agentId\":\"" + t[0] + "\",\"data\":{" + task
                                    + ",\"message\":\"Reconciliation stopped; the invoice goes to manual review\","
                                    + "\"meta\":{\"source\":\"logback\",\"logger\":\"com.example.billing.Reconciler\",\"level\":\"ERROR\"}}}");
                }
                if (!fails && t[1].equals("classify-ticket") && round == 4) {
                    // A tool call that failed inside a task that still succeeded, as the LangChain4j adapter reports
                    // it.
                    api.event("{\"event\":\"error\",\"agentId\":\"" + t[0] + "\",\"data\":{" + task
                            + ",\"message\":\"Tool 'lookupCustomer' failed: no customer with id C-404\","
                            + "\"meta\":{\"source\":\"langchain4j.tool\",\"tool\":\"lookupCustomer\",\"toolCallId\":\"call_4\","
                            + "\"durationMs\":2}}}");
                }
                String type = fails ? "error" : "task_complete";
                String extra = fails
                        ? ",\"message\":\"" + t[4] + "\",\"type\":\"java.lang.IllegalStateException\","
                                + "\"stackTrace\":\"java.lang.IllegalStateException: " + t[4]
                                + "\\n\\tat com.example.Agent.run(Agent.java:42)\","
                                + "\"taskStatus\":\"failed\""
                        : "";
                api.event("{\"event\":\"" + type + "\",\"agentId\":\"" + t[0] + "\",\"data\":{" + task
                        + ",\"durationMs\":" + ms + extra + "}}");
            }
        }
        for (String agent : new String[] {"support-triage-v2", "research-crew", "billing-reconciler"}) {
            try (Oceum oceum = Oceum.builder()
                    .baseUrl(server.baseUrl())
                    .apiKey(server.apiKey())
                    .agentId(agent)
                    .readEnvironment(false)
                    .shutdownHook(false)
                    .build()) {
                switch (agent) {
                    case "support-triage-v2" -> {
                        oceum.reportUsage(Usage.of("gpt-4o-mini", 182_000, 41_000));
                        oceum.reportUsage(Usage.of("claude-3-5-haiku-20241022", 96_000, 22_000));
                        oceum.setStatus("idle");
                    }
                    case "research-crew" -> {
                        oceum.reportUsage(Usage.of("gpt-4o", 240_000, 61_000));
                        oceum.reportUsage(Usage.of("gemini-2.5-flash", 120_000, 30_000));
                        oceum.setStatus("busy");
                    }
                    default -> {
                        oceum.reportUsage(Usage.of("claude-sonnet-4-20250514", 52_000, 9_000));
                        try {
                            reconcile(Map.of("inv-2291", 118.40));
                        } catch (IllegalStateException e) {
                            oceum.error(e);
                            oceum.error(e);
                        }
                        oceum.setStatus("idle");
                    }
                }
                oceum.flush(Duration.ofSeconds(10));
            }
        }
    }

    private static void reconcile(Map<String, Double> invoices) {
        try {
            Integer.parseInt("118.40");
        } catch (NumberFormatException e) {
            throw new IllegalStateException(
                    "ledger total does not match invoice inv-2291 (" + invoices.get("inv-2291") + ")", e);
        }
    }
}
