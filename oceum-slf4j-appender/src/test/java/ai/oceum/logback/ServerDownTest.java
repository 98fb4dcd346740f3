package ai.oceum.logback;

import static org.assertj.core.api.Assertions.assertThat;

import ai.oceum.Oceum;
import ai.oceum.OceumStats;
import ai.oceum.testing.TestReceiver;
import ai.oceum.testing.TestReceiver.Reply;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * When Oceum is down or failing, logging goes on: every call returns, and every event is accounted
 * for (sent, or dropped with a reason) once the appender stops. Speed is measured by
 * {@code AppenderOverhead}, not asserted here.
 */
class ServerDownTest {
    private static final int EVENTS = 5_000;

    private LoggerContext context;

    @AfterEach
    void stop() {
        if (context != null) {
            context.stop();
        }
    }

    private Logger logger(String baseUrl) {
        context = LogbackConfig.load(
                "oceum-own-client.xml",
                Map.of("oceum.test.url", baseUrl, "oceum.test.floodWindow", "0", "oceum.test.flushTimeout", "200ms"));
        return context.getLogger("app.Worker");
    }

    @Test
    void keepsLoggingWhenNothingListensAndAccountsForEveryEvent() {
        String deadUrl;
        try (TestReceiver gone = TestReceiver.start()) {
            deadUrl = gone.baseUrl(); // closed right away: connections are refused
        }
        Logger log = logger(deadUrl);

        assertAllCallsReturnAndAreAccounted(log);
    }

    @Test
    void keepsLoggingWhenOceumAnswersServerErrors() {
        try (TestReceiver failing = TestReceiver.start()) {
            failing.respondWith(r -> Reply.status(500));
            Logger log = logger(failing.baseUrl());

            assertAllCallsReturnAndAreAccounted(log);
            assertThat(failing.events("error")).isNotEmpty(); // it was tried
        }
    }

    private void assertAllCallsReturnAndAreAccounted(Logger log) {
        OceumAppender appender = LogbackConfig.oceum(context, "OCEUM");
        Oceum client = appender.currentClient();
        int returned = 0;
        for (int i = 0; i < EVENTS; i++) {
            log.error("order " + i + " failed", new IllegalStateException("downstream"));
            returned++;
        }
        context.stop();

        assertThat(returned).isEqualTo(EVENTS);
        assertThat(appender.stats().handed()).isEqualTo(EVENTS);
        assertThat(appender.stats().failures()).isZero();
        OceumStats stats = client.stats();
        assertThat(stats.accepted()).isEqualTo(EVENTS);
        assertThat(stats.sent()).isZero();
        assertThat(stats.droppedTotal()).isEqualTo(EVENTS); // each with its reason in stats.dropped()
        assertThat(client.isClosed()).isTrue();
    }
}
