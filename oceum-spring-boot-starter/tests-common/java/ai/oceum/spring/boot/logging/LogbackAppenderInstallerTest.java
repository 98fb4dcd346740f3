package ai.oceum.spring.boot.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ai.oceum.Oceum;
import ai.oceum.logback.OceumAppender;
import ai.oceum.spring.boot.OceumFailureAnalyzer;
import ai.oceum.spring.boot.Starter;
import ai.oceum.testing.OceumExtension;
import ai.oceum.testing.TestReceiver;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class LogbackAppenderInstallerTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final org.slf4j.Logger appLog = LoggerFactory.getLogger("com.example.checkout");

    @RegisterExtension
    final OceumExtension kit = OceumExtension.create();

    private final TestReceiver receiver = kit.receiver();
    private final ApplicationContextRunner runner =
            Starter.runner(receiver, "logs").withPropertyValues("oceum.heartbeat.enabled=false");

    @AfterEach
    void stop() {
        Oceum.setGlobal(null);
    }

    private static Logger root() {
        return ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }

    @Test
    void anErrorLoggedAnywhereIsSentThroughTheContextsClient_andTheAppenderIsRemovedAtClose() {
        runner.run(context -> {
            assertThat(root().getAppender(LogbackAppenderInstaller.APPENDER_NAME))
                    .isNotNull();
            appLog.warn("below the minimum level");
            appLog.error("payment declined", new IllegalStateException("card expired"));
            JsonNode error = receiver.awaitEvents("error", 1, WAIT).get(0).data();
            assertThat(error.path("message").asText()).isEqualTo("payment declined");
            assertThat(error.path("type").asText()).isEqualTo("java.lang.IllegalStateException");
        });
        assertThat(root().getAppender(LogbackAppenderInstaller.APPENDER_NAME)).isNull();
        assertThat(receiver.events("error")).hasSize(1);
    }

    @Test
    void theMinimumLevelIsAProperty() {
        runner.withPropertyValues("oceum.logging.minimum-level=warn").run(context -> {
            appLog.warn("disk almost full");
            assertThat(receiver.awaitEvents("error", 1, WAIT)
                            .get(0)
                            .data()
                            .path("message")
                            .asText())
                    .isEqualTo("disk almost full");
        });
    }

    @Test
    void anAppenderConfiguredByTheUserIsNotDoubled() {
        LoggerContext loggerContext = (LoggerContext) LoggerFactory.getILoggerFactory();
        OceumAppender own = new OceumAppender();
        own.setContext(loggerContext);
        own.setName("OCEUM");
        own.setUseGlobalClient(true);
        own.start();
        Logger appLogger = loggerContext.getLogger("com.example");
        appLogger.addAppender(own);
        try {
            runner.run(context -> {
                assertThat(context.getBean(LogbackAppenderInstaller.class).appender())
                        .isNull();
                assertThat(root().getAppender(LogbackAppenderInstaller.APPENDER_NAME))
                        .isNull();
                appLog.error("reported once");
                receiver.awaitEvents("error", 1, WAIT);
                context.getBean(Oceum.class).flush(WAIT);
                assertThat(receiver.events("error")).hasSize(1); // the user's appender, through the global client
            });
        } finally {
            appLogger.detachAppender(own);
            own.stop();
        }
    }

    @Test
    void theSwitchTurnsItOff() {
        runner.withPropertyValues("oceum.logging.enabled=false").run(context -> {
            assertThat(context).doesNotHaveBean(LogbackAppenderInstaller.class);
            assertThat(root().getAppender(LogbackAppenderInstaller.APPENDER_NAME))
                    .isNull();
        });
    }

    @Test
    void aMisspeltLevelStopsStartupNamingTheProperty() {
        runner.withPropertyValues("oceum.logging.minimum-level=EROR").run(context -> {
            assertThat(context).hasFailed();
            assertThat(new OceumFailureAnalyzer()
                            .analyze(context.getStartupFailure())
                            .getDescription())
                    .contains("oceum.logging.minimum-level", "EROR");
        });
    }
}
