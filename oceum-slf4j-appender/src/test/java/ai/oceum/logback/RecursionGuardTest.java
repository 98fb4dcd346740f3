package ai.oceum.logback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.oceum.Oceum;
import ai.oceum.testing.TestReceiver;
import ai.oceum.testing.TestReceiver.Recorded;
import ai.oceum.testing.TestReceiver.Reply;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The appender never sends what the SDK logs, nor what is logged while it works. These tests use
 * the SLF4J-bound context, the one the core's own loggers write to, reconfigured from a test
 * {@code logback.xml}.
 */
class RecursionGuardTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    private TestReceiver receiver;
    private Oceum oceum;

    @BeforeEach
    void start() {
        receiver = TestReceiver.start();
        oceum = Oceum.builder()
                .apiKey("test-key")
                .agentId("recursion-test")
                .baseUrl(receiver.baseUrl())
                .maxRetries(0)
                .readEnvironment(false)
                .shutdownHook(false)
                .build();
        Oceum.setGlobal(oceum);
    }

    @AfterEach
    void stop() {
        context.stop(); // stops the appenders of this test
        Oceum.setGlobal(null);
        oceum.close();
        receiver.close();
        LogbackConfig.configure(context, "logback-test.xml", Map.of());
    }

    @Test
    void doesNotSendTheSdkWarningAboutAFailedDelivery() {
        receiver.respondWith(r -> Reply.status(500));
        LogbackConfig.configure(context, "oceum-global-client.xml", Map.of("oceum.test.level", "WARN"));
        OceumAppender appender = LogbackConfig.oceum(context, "OCEUM");
        ListAppender<ILoggingEvent> everything = LogbackConfig.list(context, Logger.ROOT_LOGGER_NAME);

        LoggerFactory.getLogger("app.Payments").error("payment service down");

        // The core answers the 500 with a WARN through the very same context…
        await().atMost(WAIT).until(() -> sdkWarnings(everything).size() >= 1);
        assertThat(oceum.flush(WAIT)).isTrue();
        // …and the appender, whose threshold is WARN, refuses it: one request, no loop.
        assertThat(receiver.webhookRequests()).hasSize(1);
        assertThat(receiver.webhookRequests().get(0).data().path("message").asText())
                .isEqualTo("payment service down");
        assertThat(appender.stats().recursionBlocked()).isGreaterThanOrEqualTo(1);
        assertThat(appender.stats().handed()).isEqualTo(1);
    }

    @Test
    void doesNotSendErrorsOfTheSdkLoggersFromApplicationThreads() {
        LogbackConfig.configure(context, "oceum-global-client.xml", Map.of());
        OceumAppender appender = LogbackConfig.oceum(context, "OCEUM");

        LoggerFactory.getLogger("ai.oceum").error("sdk error");
        LoggerFactory.getLogger("ai.oceum.delivery").error("sdk delivery error");
        LoggerFactory.getLogger("ai.oceumx.App").error("not the sdk");

        assertThat(oceum.flush(WAIT)).isTrue();
        List<Recorded> errors = receiver.events("error");
        assertThat(errors).extracting(r -> r.data().path("message").asText()).containsExactly("not the sdk");
        assertThat(appender.stats().recursionBlocked()).isEqualTo(2);
    }

    @Test
    void doesNotSendErrorsLoggedWhileAnOceumAppenderIsAppending() {
        LogbackConfig.configure(context, "oceum-two-appenders.xml", Map.of());
        org.slf4j.Logger log = LoggerFactory.getLogger("app.Render");
        Object noisy = new Object() {
            @Override
            public String toString() {
                // Runs while an Oceum appender formats the message: this error must reach no Oceum appender.
                log.error("logged from inside toString");
                return "noisy value";
            }
        };

        log.error("rendering {}", noisy);

        assertThat(oceum.flush(WAIT)).isTrue();
        List<Recorded> errors = receiver.events("error");
        assertThat(errors)
                .extracting(r -> r.data().path("message").asText())
                .containsExactly("rendering noisy value", "rendering noisy value"); // one per appender
        long blocked = LogbackConfig.oceum(context, "OCEUM_A").stats().recursionBlocked()
                + LogbackConfig.oceum(context, "OCEUM_B").stats().recursionBlocked();
        assertThat(blocked).isGreaterThanOrEqualTo(1);
    }

    private static List<ILoggingEvent> sdkWarnings(ListAppender<ILoggingEvent> list) {
        synchronized (list) {
            return list.list.stream()
                    .filter(e -> e.getLoggerName().startsWith("ai.oceum"))
                    .toList();
        }
    }
}
