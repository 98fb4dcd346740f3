package ai.oceum.logback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.oceum.Oceum;
import ai.oceum.TaskScope;
import ai.oceum.testing.OceumExtension;
import ai.oceum.testing.TestReceiver;
import ai.oceum.testing.TestReceiver.Recorded;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.spi.LoggingEventVO;
import ch.qos.logback.core.read.ListAppender;
import ch.qos.logback.core.status.Status;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.MDC;
import org.slf4j.MarkerFactory;

class OceumAppenderTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @RegisterExtension
    final OceumExtension kit = OceumExtension.create();

    private final TestReceiver receiver = kit.receiver();
    private LoggerContext context;

    /** Runs before the kit closes the receiver: the appender's client delivers what it holds first. */
    @AfterEach
    void stopAll() {
        if (context != null) {
            context.stop();
        }
        MDC.clear();
        Oceum.setGlobal(null);
    }

    private Logger ownClient(Map<String, String> extra, String loggerName) {
        Map<String, String> props = new HashMap<>(extra);
        props.put("oceum.test.url", receiver.baseUrl());
        context = LogbackConfig.load("oceum-own-client.xml", props);
        return context.getLogger(loggerName);
    }

    private JsonNode onlyError() {
        context.stop(); // flushes: whatever was going to be sent has been
        List<Recorded> errors = receiver.events("error");
        assertThat(errors).hasSize(1);
        return errors.get(0).data();
    }

    @Test
    void sendsFormattedMessageTemplateLoggerLevelThreadAndMdc() {
        Logger log = ownClient(Map.of(), "app.Checkout");
        MDC.put("requestId", "req-42");
        MDC.put("customer", "c-7");

        log.error("order {} failed after {} attempts", "o-1", 3);

        JsonNode data = receiver.awaitEvents("error", 1, WAIT).get(0).data();
        assertThat(data.path("message").asText()).isEqualTo("order o-1 failed after 3 attempts");
        JsonNode meta = data.path("meta");
        assertThat(meta.path("source").asText()).isEqualTo("logback");
        assertThat(meta.path("template").asText()).isEqualTo("order {} failed after {} attempts");
        assertThat(meta.path("logger").asText()).isEqualTo("app.Checkout");
        assertThat(meta.path("level").asText()).isEqualTo("ERROR");
        assertThat(meta.path("thread").asText())
                .isEqualTo(Thread.currentThread().getName());
        assertThat(meta.path("mdc").path("requestId").asText()).isEqualTo("req-42");
        assertThat(meta.path("mdc").path("customer").asText()).isEqualTo("c-7");
        assertThat(data.has("type")).isFalse();
    }

    @Test
    void sendsOnlyTheListedMdcKeys() {
        Logger log = ownClient(Map.of("oceum.test.mdcKeys", "requestId, tenant"), "app.Checkout");
        MDC.put("requestId", "req-42");
        MDC.put("sessionToken", "must-not-leave");

        log.error("payment declined");

        JsonNode mdc = onlyError().path("meta").path("mdc");
        assertThat(mdc.path("requestId").asText()).isEqualTo("req-42");
        assertThat(mdc.has("sessionToken")).isFalse();
    }

    @Test
    void sendsMarkersAndKeyValuePairs() {
        Logger log = ownClient(Map.of(), "app.Checkout");

        log.atError()
                .addMarker(MarkerFactory.getMarker("BILLING"))
                .addKeyValue("orderId", 17)
                .log("refund failed");

        JsonNode meta = onlyError().path("meta");
        assertThat(meta.path("markers").get(0).asText()).isEqualTo("BILLING");
        assertThat(meta.path("keyValues").path("orderId").asText()).isEqualTo("17");
    }

    @Test
    void sendsThrowableWithTypeStackTraceCausesAndSuppressed() throws InterruptedException {
        Logger log = ownClient(Map.of(), "app.Checkout");
        IllegalStateException failure = onShallowStack(() -> {
            IllegalStateException e = new IllegalStateException("ledger closed", new IOException("disk gone"));
            e.addSuppressed(new IllegalArgumentException("cleanup failed"));
            return e;
        });

        log.error("cannot book order {}", "o-9", failure);

        JsonNode data = onlyError();
        assertThat(data.path("message").asText()).isEqualTo("cannot book order o-9");
        assertThat(data.path("type").asText()).isEqualTo("java.lang.IllegalStateException");
        assertThat(data.path("stackTrace").asText())
                .contains("java.lang.IllegalStateException: ledger closed")
                .contains("OceumAppenderTest")
                .contains("Caused by: java.io.IOException: disk gone")
                .contains("Suppressed: java.lang.IllegalArgumentException: cleanup failed");
        assertThat(data.path("causes").get(0).path("type").asText()).isEqualTo("java.io.IOException");
        assertThat(data.path("suppressed").get(0).path("message").asText()).isEqualTo("cleanup failed");
    }

    @Test
    void rendersTheProxyOfADeserializedEventWithoutItsThrowable() {
        Logger log = ownClient(Map.of(), "app.Remote");
        IllegalStateException failure =
                new IllegalStateException("remote failure", new UncheckedIOException(new IOException("socket")));
        LoggingEvent original = new LoggingEvent(
                Logger.class.getName(),
                log,
                ch.qos.logback.classic.Level.ERROR,
                "remote job {} failed",
                failure,
                new Object[] {"j-1"});
        // What a SocketReceiver hands to appenders: no Throwable, only its proxy.
        ILoggingEvent remote = LoggingEventVO.build(original);

        LogbackConfig.oceum(context, "OCEUM").doAppend(remote);

        JsonNode data = onlyError();
        assertThat(data.path("message").asText()).isEqualTo("remote job j-1 failed");
        JsonNode exception = data.path("meta").path("exception");
        assertThat(exception.path("type").asText()).isEqualTo("java.lang.IllegalStateException");
        assertThat(exception.path("message").asText()).isEqualTo("remote failure");
        assertThat(exception.path("stackTrace").asText())
                .contains("rendersTheProxyOfADeserializedEventWithoutItsThrowable");
        assertThat(exception.path("causes").get(0).path("type").asText()).isEqualTo("java.io.UncheckedIOException");
    }

    @Test
    void stampsTheEventWithTheTimeOfTheLogCall() {
        Logger log = ownClient(Map.of(), "app.listed");
        ListAppender<ILoggingEvent> list = LogbackConfig.list(context, "app.listed");

        log.error("late delivery");

        Instant loggedAt = list.list.get(0).getInstant();
        Recorded event = receiver.awaitEvents("error", 1, WAIT).get(0);
        assertThat(Instant.parse(event.json().path("timestamp").asText()))
                .isEqualTo(Instant.ofEpochMilli(loggedAt.toEpochMilli()));
    }

    @Test
    void sendsNothingBelowTheMinimumLevel() {
        Logger log = ownClient(Map.of(), "app.Checkout");

        log.warn("retrying payment");
        log.info("order placed");
        log.error("payment failed");

        JsonNode data = onlyError();
        assertThat(data.path("message").asText()).isEqualTo("payment failed");
    }

    @Test
    void sendsWarningsWhenTheMinimumLevelIsWarn() {
        Logger log = ownClient(Map.of("oceum.test.level", "WARN"), "app.Checkout");

        log.info("order placed");
        log.warn("retrying payment");

        JsonNode data = onlyError();
        assertThat(data.path("message").asText()).isEqualTo("retrying payment");
        assertThat(data.path("meta").path("level").asText()).isEqualTo("WARN");
    }

    @Test
    void tiesErrorsToTheTaskOpenOnTheLoggingThread() {
        Oceum oceum = sharedClient();
        Oceum.setGlobal(oceum);
        context = LogbackConfig.load("oceum-global-client.xml", Map.of());
        Logger log = context.getLogger("app.Triage");

        oceum.wrap("triage-ticket", () -> log.error("model refused the ticket"));
        try (TaskScope scope = oceum.startTask("classify")) {
            log.error("classifier timed out");
            assertThat(scope.isClosed()).isFalse();
        }
        log.error("outside any task");

        List<Recorded> starts = receiver.awaitEvents("task_start", 2, WAIT);
        List<Recorded> errors = receiver.awaitRequests(
                r -> r.isWebhook()
                        && "error".equals(r.eventType())
                        && r.data().path("meta").path("logger").asText().equals("app.Triage"),
                3,
                WAIT);
        Map<String, String> taskIdByName = new HashMap<>();
        starts.forEach(s -> taskIdByName.put(
                s.data().path("taskName").asText(), s.data().path("taskId").asText()));
        Map<String, JsonNode> byMessage = new HashMap<>();
        errors.forEach(e -> byMessage.put(e.data().path("message").asText(), e.data()));

        assertThat(byMessage.get("model refused the ticket").path("taskId").asText())
                .isEqualTo(taskIdByName.get("triage-ticket"));
        assertThat(byMessage.get("model refused the ticket").path("taskName").asText())
                .isEqualTo("triage-ticket");
        assertThat(byMessage.get("classifier timed out").path("taskId").asText())
                .isEqualTo(taskIdByName.get("classify"));
        assertThat(byMessage.get("outside any task").has("taskId")).isFalse();
        oceum.close();
    }

    @Test
    void usesAGlobalClientRegisteredAfterLogbackStartedAndNeverClosesIt() {
        context = LogbackConfig.load("oceum-global-client.xml", Map.of());
        Oceum oceum = sharedClient();
        Oceum.setGlobal(oceum); // as an application's main() does, after Logback configured itself

        context.getLogger("app.Late").error("after registration");
        context.stop();

        assertThat(oceum.isClosed()).isFalse();
        assertThat(oceum.stats().sent()).isEqualTo(1); // stop() flushed it
        assertThat(receiver.events("error"))
                .extracting(r -> r.data().path("message").asText())
                .containsExactly("after registration");
        oceum.close();
    }

    @Test
    void flushesButNeverClosesASharedClientAtStop() {
        Oceum oceum = sharedClient();
        context = new LoggerContext();
        context.setMDCAdapter(MDC.getMDCAdapter());
        OceumAppender appender = new OceumAppender();
        appender.setContext(context);
        appender.setName("OCEUM");
        appender.setClient(oceum);
        appender.start();
        Logger log = context.getLogger("app.Shared");
        log.addAppender(appender);

        log.error("shared client error");
        context.stop();

        assertThat(oceum.isClosed()).isFalse();
        assertThat(oceum.stats().sent()).isEqualTo(1); // stop() flushed it
        assertThat(receiver.events("error")).hasSize(1);
        oceum.close();
    }

    @Test
    void closesItsOwnClientAtStopAfterDeliveringWhatWasQueued() {
        Logger log = ownClient(Map.of(), "app.Checkout");
        OceumAppender appender = LogbackConfig.oceum(context, "OCEUM");
        Oceum own = appender.currentClient();
        for (int i = 0; i < 20; i++) {
            log.error("distinct failure " + i);
        }

        context.stop();

        assertThat(own.isClosed()).isTrue();
        assertThat(own.stats().sent()).isEqualTo(20);
        assertThat(receiver.events("error")).hasSize(20);
        assertThat(appender.stats().handed()).isEqualTo(20);
        assertThat(allStatusText()).contains("stopped").doesNotContain("test-key");
    }

    @Test
    void startsDisabledWithOneWarningWhenApiKeyVariableIsUndefined() {
        assumeTrue(
                System.getenv("OCEUM_API_KEY") == null && System.getProperty("oceum.api.key") == null,
                "this test needs OCEUM_API_KEY unset");
        context = LogbackConfig.load("oceum-undefined-key.xml", Map.of());
        OceumAppender appender = LogbackConfig.oceum(context, "OCEUM");
        Logger log = context.getLogger("app.Checkout");

        log.error("nobody will hear this");
        log.error("nor this");

        assertThat(appender.isStarted()).isTrue();
        assertThat(appender.isEnabled()).isFalse();
        assertThat(appender.currentClient()).isNull();
        List<String> warnings = LogbackConfig.statuses(context, Status.WARN);
        // One for the <apiKey> element (it should not be in logback.xml at all), one for the missing key.
        assertThat(warnings).hasSize(2);
        assertThat(warnings.get(0)).contains("remove <apiKey>");
        assertThat(warnings.get(1))
                .contains("no Oceum API key")
                .contains("OCEUM_API_KEY")
                .contains("-Doceum.api.key");
        assertThat(LogbackConfig.statuses(context, Status.ERROR)).isEmpty();
        assertThat(appender.stats().skippedDisabled()).isEqualTo(2);
    }

    @Test
    void reportsAWrongLevelWithTheFixAndStaysStopped() {
        context = LogbackConfig.load("oceum-bad-config.xml", Map.of("oceum.test.level", "EROR"));
        OceumAppender appender = LogbackConfig.oceum(context, "OCEUM");

        context.getLogger("app.Checkout").error("still logged elsewhere, never thrown");

        assertThat(appender.isStarted()).isFalse();
        assertThat(LogbackConfig.statuses(context, Status.ERROR))
                .anySatisfy(m -> assertThat(m)
                        .contains("minimumLevel 'EROR'")
                        .contains("use TRACE, DEBUG, INFO, WARN or ERROR"));
    }

    @Test
    void reportsAWrongFloodWindowWithTheFix() {
        context = LogbackConfig.load("oceum-bad-config.xml", Map.of("oceum.test.floodWindow", "soon"));

        assertThat(LogbackConfig.oceum(context, "OCEUM").isStarted()).isFalse();
        assertThat(LogbackConfig.statuses(context, Status.ERROR))
                .anySatisfy(m -> assertThat(m).contains("floodWindow 'soon'").contains("500ms, 30s"));
    }

    @Test
    void reportsAMissingAgentIdWithTheFixAndStaysStopped() {
        assumeTrue(
                System.getenv("OCEUM_AGENT_ID") == null && System.getProperty("oceum.agent.id") == null,
                "this test needs OCEUM_AGENT_ID unset");
        // What Joran leaves for <agentId>${OCEUM_AGENT_ID}</agentId> when the variable is not defined.
        context =
                LogbackConfig.load("oceum-bad-config.xml", Map.of("oceum.test.agentId", "OCEUM_AGENT_ID_IS_UNDEFINED"));

        assertThat(LogbackConfig.oceum(context, "OCEUM").isStarted()).isFalse();
        assertThat(LogbackConfig.statuses(context, Status.ERROR))
                .anySatisfy(m -> assertThat(m).contains("agent id is missing").contains("OCEUM_AGENT_ID"));
        assertThat(allStatusText()).doesNotContain("test-key");
    }

    private String allStatusText() {
        StringBuilder text = new StringBuilder();
        context.getStatusManager()
                .getCopyOfStatusList()
                .forEach(s -> text.append(s).append('\n'));
        return text.toString();
    }

    @Test
    void acceptsLogbackStyleDurations() {
        context = LogbackConfig.load("oceum-bad-config.xml", Map.of("oceum.test.floodWindow", "2 minutes"));

        assertThat(LogbackConfig.oceum(context, "OCEUM").isStarted()).isTrue();
    }

    @Test
    void neverThrowsIntoTheLoggingThreadWhenAnArgumentFailsToRender() {
        Logger log = ownClient(Map.of(), "app.Checkout");
        Object broken = new Object() {
            @Override
            public String toString() {
                throw new IllegalStateException("toString exploded");
            }
        };

        log.error("value is {}", broken);

        JsonNode data = onlyError();
        // Logback's formatter replaces the failed argument; the event still goes out.
        assertThat(data.path("message").asText()).startsWith("value is ").contains("FAILED toString()");
    }

    /** Made on a fresh thread: a short stack trace, so that causes fit under the length cap. */
    private static <T> T onShallowStack(Supplier<T> maker) throws InterruptedException {
        AtomicReference<T> made = new AtomicReference<>();
        Thread t = new Thread(() -> made.set(maker.get()));
        t.start();
        t.join();
        return made.get();
    }

    @Test
    void capsTheStackTraceOfADeepThrowable() {
        Logger log = ownClient(Map.of(), "app.Checkout");

        log.error("deep", deepException(400));

        String trace = onlyError().path("stackTrace").asText();
        // The core keeps the first frames and counts the rest ("... 361 more"), as the JDK does for causes.
        assertThat(trace).startsWith("java.lang.IllegalStateException: depth").containsPattern("\\.\\.\\. \\d+ more");
        assertThat(trace.length()).isLessThanOrEqualTo(20_000);
    }

    private static IllegalStateException deepException(int depth) {
        return depth == 0 ? new IllegalStateException("depth") : deepException(depth - 1);
    }

    private Oceum sharedClient() {
        return Oceum.builder()
                .apiKey("test-key")
                .agentId("shared-agent")
                .baseUrl(receiver.baseUrl())
                .readEnvironment(false)
                .shutdownHook(false)
                .build();
    }
}
