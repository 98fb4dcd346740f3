package ai.oceum.logback;

import static org.assertj.core.api.Assertions.assertThat;

import ai.oceum.testing.OceumExtension;
import ai.oceum.testing.TestReceiver;
import ai.oceum.testing.TestReceiver.Recorded;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Flood control through a real {@code logback.xml}: what reaches Oceum from bursts of errors. */
class FloodControlTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @RegisterExtension
    final OceumExtension kit = OceumExtension.create();

    private final TestReceiver receiver = kit.receiver();
    private LoggerContext context;

    /** Runs before the kit closes the receiver. */
    @AfterEach
    void stopContext() {
        if (context != null) {
            context.stop();
        }
    }

    private Logger logger(String floodWindow, String maxKeys) {
        Map<String, String> props = new HashMap<>();
        props.put("oceum.test.url", receiver.baseUrl());
        props.put("oceum.test.floodWindow", floodWindow);
        props.put("oceum.test.floodMaxKeys", maxKeys);
        context = LogbackConfig.load("oceum-own-client.xml", props);
        return context.getLogger("app.Worker");
    }

    private OceumAppender appender() {
        return LogbackConfig.oceum(context, "OCEUM");
    }

    @Test
    void collapsesABurstOfIdenticalErrorsIntoTheFirstAndOneSummary() {
        Logger log = logger("1h", "1000");
        IllegalStateException failure = new IllegalStateException("queue poisoned");

        for (int i = 0; i < 100_000; i++) {
            log.error("job {} failed", i, failure);
        }
        OceumAppender appender = appender();
        context.stop(); // closes the open window: its count must not be lost

        List<Recorded> errors = receiver.events("error");
        assertThat(errors).hasSize(2);
        JsonNode first = errors.get(0).data();
        assertThat(first.path("message").asText()).isEqualTo("job 0 failed");
        assertThat(first.path("type").asText()).isEqualTo("java.lang.IllegalStateException");
        assertThat(first.path("meta").has("suppressedCount")).isFalse();
        JsonNode summary = errors.get(1).data();
        assertThat(summary.path("meta").path("suppressedCount").asLong()).isEqualTo(99_999);
        assertThat(summary.path("meta").path("template").asText()).isEqualTo("job {} failed");
        assertThat(summary.path("meta").path("exceptionType").asText()).isEqualTo("java.lang.IllegalStateException");
        assertThat(summary.path("meta").path("topFrame").asText()).contains("FloodControlTest");
        assertThat(summary.path("message").asText()).startsWith("job 0 failed").contains("repeated 99999 more times");
        assertThat(appender.stats().handed()).isEqualTo(1);
        assertThat(appender.stats().suppressed()).isEqualTo(99_999);
        assertThat(appender.stats().summaries()).isEqualTo(1);
    }

    @Test
    void sendsEveryDistinctError() {
        Logger log = logger("1h", "1000");

        for (int i = 0; i < 50; i++) {
            log.error("distinct template " + i); // template differs
        }
        for (int i = 0; i < 10; i++) {
            context.getLogger("app.Worker" + i).error("same template"); // logger differs
        }
        log.error("same template", new IllegalStateException("a")); // exception type differs
        log.error("same template", new IllegalArgumentException("b"));
        context.stop();

        assertThat(receiver.events("error")).hasSize(62);
        assertThat(receiver.events("error"))
                .noneMatch(r -> r.data().path("meta").has("suppressedCount"));
    }

    @Test
    void treatsTheSameExceptionThrownFromAnotherFrameAsADistinctError() {
        Logger log = logger("1h", "1000");

        log.error("parse failed", thrownHere());
        log.error("parse failed", thrownThere());
        log.error("parse failed", thrownHere());
        context.stop();

        List<Recorded> errors = receiver.events("error");
        assertThat(errors).hasSize(3); // two firsts, one summary for the repeat of thrownHere
        assertThat(errors)
                .filteredOn(r -> r.data().path("meta").path("suppressedCount").asLong() == 1)
                .hasSize(1);
    }

    @Test
    void sendsTheSummaryWhenTheWindowClosesWithoutWaitingForStop() {
        Logger log = logger("300ms", "1000");

        for (int i = 0; i < 5; i++) {
            log.error("cache miss storm");
        }

        // The timer closes the window; nothing else is logged and the appender is not stopped.
        List<Recorded> errors = receiver.awaitRequests(
                r -> r.isWebhook() && r.data().path("meta").has("suppressedCount"), 1, WAIT);
        assertThat(errors).isNotEmpty();
        // Whatever the timing on a slow machine, every occurrence is accounted for exactly once.
        assertThat(represented(receiver.events("error"))).isEqualTo(5);
    }

    @Test
    void sendsEverythingWhenFloodControlIsOff() {
        Logger log = logger("0", "1000");

        for (int i = 0; i < 40; i++) {
            log.error("same error");
        }
        context.stop();

        assertThat(receiver.events("error")).hasSize(40);
    }

    @Test
    void sendsErrorsBeyondTheKeyLimitUncollapsedAndCountsThem() {
        Logger log = logger("1h", "10");

        for (int i = 0; i < 30; i++) {
            log.error("distinct " + i);
        }
        OceumAppender appender = appender();
        context.stop();

        assertThat(receiver.events("error")).hasSize(30);
        assertThat(appender.stats().untracked()).isEqualTo(20);
    }

    /** Occurrences the events stand for: 1 per sent error, {@code suppressedCount} per summary. */
    private static long represented(List<Recorded> errors) {
        return errors.stream()
                .mapToLong(r -> {
                    JsonNode meta = r.data().path("meta");
                    return meta.has("suppressedCount")
                            ? meta.path("suppressedCount").asLong()
                            : 1;
                })
                .sum();
    }

    private static RuntimeException thrownHere() {
        return new IllegalStateException("here");
    }

    private static RuntimeException thrownThere() {
        return new IllegalStateException("there");
    }
}
