package ai.oceum.devserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.oceum.Oceum;
import ai.oceum.Usage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard in a real headless Chromium: events posted by the real client after the page
 * loaded appear on it live, through server-sent events, without a reload.
 */
class DashboardBrowserTest {
    @TempDir
    Path tmp;

    @Test
    @Timeout(60)
    void eventsPostedAfterThePageLoadedAppearLive() throws Exception {
        assumeTrue(
                Files.isExecutable(HeadlessChromium.BINARY), "Debian chromium is not installed (.ci/run installs it)");
        try (DevServer server = DevServer.builder().inMemory().build().start();
                HeadlessChromium browser =
                        HeadlessChromium.open(server.baseUrl() + "/", tmp.resolve("profile"), 1400, 1000)) {
            await().atMost(Duration.ofSeconds(20))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> "live"
                            .equals(browser.eval("document.getElementById('conn')?.dataset.state")
                                    .asText()));
            assertThat(browser.eval("document.querySelectorAll('[data-agent]').length")
                            .asInt())
                    .isZero();
            browser.eval("window.__sameDocument = 42");

            try (Oceum oceum = Oceum.builder()
                    .baseUrl(server.baseUrl())
                    .apiKey(server.apiKey())
                    .agentId("browser-agent")
                    .readEnvironment(false)
                    .shutdownHook(false)
                    .build()) {
                oceum.heartbeat();
                oceum.wrap("triage-ticket", () -> oceum.reportUsage(Usage.of("gpt-4o-mini", 1200, 300)));
                oceum.error(new IllegalArgumentException("ticket has no subject"));
                assertThat(oceum.flush(Duration.ofSeconds(10))).isTrue();
            }

            await().atMost(Duration.ofSeconds(15))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> browser.eval("!!document.querySelector('[data-agent=\"browser-agent\"]')")
                                    .asBoolean()
                            && browser.eval("!!document.querySelector('#errors [data-error]')")
                                    .asBoolean()
                            // The usage (task triage-ticket) and the error (no task) are delivered side by
                            // side: either may reach the page last.
                            && browser.eval("document.querySelectorAll('#usage-chart svg rect').length")
                                            .asInt()
                                    > 0);
            assertThat(browser.eval("document.querySelector('[data-agent=\"browser-agent\"]').dataset.liveness")
                            .asText())
                    .isEqualTo("live");
            assertThat(browser.eval("document.querySelector('#tasks tbody').textContent")
                            .asText())
                    .contains("triage-ticket");
            assertThat(browser.eval("document.querySelector('#errors').textContent")
                            .asText())
                    .contains("ticket has no subject")
                    .contains("IllegalArgumentException");
            assertThat(browser.eval("document.querySelectorAll('#usage-chart svg rect').length")
                            .asInt())
                    .isEqualTo(1);
            assertThat(browser.eval("document.querySelector('#usage tbody').textContent")
                            .asText())
                    .contains("gpt-4o-mini");
            assertThat(browser.eval("window.__sameDocument").asInt()).isEqualTo(42); // updated live, not reloaded
        }
    }
}
