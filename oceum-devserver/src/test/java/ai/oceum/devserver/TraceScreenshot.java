package ai.oceum.devserver;

import ai.oceum.Oceum;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Makes {@code docs/trace.png}: a real LangChain4j multi-agent run ({@link SupportWorkflow}, model
 * calls taking tens of milliseconds so the waterfall has something to show) on a dev server,
 * its trace page photographed in headless Chromium with the triage agent's details open. Run with
 * the module's test class path:
 * {@code java -cp <test class path> ai.oceum.devserver.TraceScreenshot docs/trace.png}.
 */
public final class TraceScreenshot {
    private TraceScreenshot() {}

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "trace.png").toAbsolutePath();
        Path tmp = Files.createTempDirectory("oceum-trace-shot");
        try (DevServer server = DevServer.builder().inMemory().build().start();
                Oceum oceum = Oceum.builder()
                        .baseUrl(server.baseUrl())
                        .apiKey(server.apiKey())
                        .agentId("support-desk")
                        .readEnvironment(false)
                        .shutdownHook(false)
                        .build()) {
            SupportWorkflow workflow = new SupportWorkflow(oceum, 40);
            workflow.answer("T-1041: charged twice for November, customer C-17");
            oceum.flush(Duration.ofSeconds(10));
            JsonNode runs = new Api(server).dashboard().get("recentRuns");
            String root = runs.get(0).get("taskId").asText();
            try (HeadlessChromium browser = HeadlessChromium.open(
                    server.baseUrl() + "/trace?agentId=support-desk&taskId=" + root,
                    tmp.resolve("profile"),
                    1400,
                    900)) {
                org.awaitility.Awaitility.await()
                        .atMost(Duration.ofSeconds(30))
                        .until(() -> browser.eval(
                                        "document.body.dataset.trace === 'loaded' && document.getElementById('conn').dataset.state === 'live'")
                                .asBoolean());
                browser.eval("document.querySelector('.wf-row[data-name=\"triage\"]').click()");
                Thread.sleep(300); // let the opened row paint: a picture, not a test
                browser.screenshot(out, 1400, 900);
            }
        }
        System.out.println("wrote " + out);
    }
}
