package ai.oceum.logback;

import static org.assertj.core.api.Assertions.assertThat;

import ai.oceum.ErrorReport;
import ai.oceum.Oceum;
import ai.oceum.OceumStats;
import ai.oceum.TaskScope;
import ai.oceum.integration.DeferredError;
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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.MDC;

/**
 * What the appender does on the logging thread, through real logback.xml: a collapsed repeat
 * formats nothing, and a sent error's report, built later on the sender thread, still says what
 * was true at the call.
 */
@Timeout(30)
class DeferredReportTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @RegisterExtension
    final OceumExtension kit = OceumExtension.create();

    private final TestReceiver receiver = kit.receiver();
    private LoggerContext context;
    private Oceum shared; // closed by the kit after the test

    @AfterEach
    void stopAll() {
        if (context != null) {
            context.stop();
        }
        MDC.clear();
        Oceum.setGlobal(null);
    }

    /** An argument that counts how often it is rendered. */
    private static final class CountingArgument {
        final AtomicInteger rendered = new AtomicInteger();

        @Override
        public String toString() {
            rendered.incrementAndGet();
            return "order-7";
        }
    }

    private static void assertBalanced(OceumStats s) {
        assertThat(s.accepted()).isEqualTo(s.sent() + s.droppedTotal() + s.queued() + s.spooled() + s.inFlight());
    }

    @Test
    void aCollapsedRepeatNeverRendersItsArguments() {
        Map<String, String> props = new HashMap<>();
        props.put("oceum.test.url", receiver.baseUrl());
        context = LogbackConfig.load("oceum-own-client.xml", props);
        Logger log = context.getLogger("app.Orders");
        CountingArgument argument = new CountingArgument();
        IllegalStateException failure = new IllegalStateException("gateway down");

        for (int i = 0; i < 100; i++) {
            log.error("payment for {} failed", argument, failure);
        }

        // Rendered once, for the first occurrence (sent, and kept for the window's summary); the
        // 99 repeats only counted.
        assertThat(argument.rendered).hasValue(1);
        OceumAppender appender = LogbackConfig.oceum(context, "OCEUM");
        assertThat(appender.stats().suppressed()).isEqualTo(99);
        context.stop();
        List<Recorded> errors = receiver.events("error");
        assertThat(errors)
                .extracting(r -> r.data().path("message").asText())
                .containsExactlyInAnyOrder(
                        "payment for order-7 failed",
                        "payment for order-7 failed (repeated 99 more times within 60000 ms)");
        assertThat(argument.rendered).hasValue(1);
    }

    @Test
    void theReportSaysWhatWasTrueAtTheCallEvenWhenItChangesBeforeTheReportIsBuilt() throws Exception {
        shared = kit.client("deferred-appender");
        Oceum.setGlobal(shared);
        context = LogbackConfig.load("oceum-global-client.xml", Map.of());
        Logger log = context.getLogger("app.Ingest");

        // Hold the sender inside a first report, so that the logged errors are built only after
        // their thread, MDC, task and mutable argument have changed.
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        DeferredError.report(shared, System.currentTimeMillis(), null, () -> {
            holding.countDown();
            try {
                release.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return ErrorReport.builder("holder").build();
        });
        assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();

        AtomicReference<String> taskId = new AtomicReference<>();
        Thread worker = new Thread(
                () -> {
                    StringBuilder batch = new StringBuilder("batch-7");
                    MDC.put("requestId", "req-1");
                    try (TaskScope task = shared.startTask("ingest")) {
                        taskId.set(task.id());
                        log.error("ingest of {} failed", batch); // mutable: rendered at the call
                        log.error("order {} failed after {} tries", 42L, 3); // immutable: rendered later
                    }
                    MDC.put("requestId", "req-2");
                    batch.append("-changed");
                    Thread.currentThread().setName("renamed-worker");
                    try (TaskScope later = shared.startTask("later")) {
                        release.countDown();
                        assertThat(shared.flush(WAIT)).isTrue();
                        assertThat(later.isClosed()).isFalse();
                    }
                },
                "ingest-worker");
        worker.start();
        worker.join(20_000);
        assertThat(worker.isAlive()).isFalse();

        List<Recorded> errors = receiver.requests(r -> r.isWebhook()
                && "error".equals(r.eventType())
                && r.data().path("meta").path("logger").asText().equals("app.Ingest"));
        assertThat(errors)
                .extracting(r -> r.data().path("message").asText())
                .containsExactlyInAnyOrder("ingest of batch-7 failed", "order 42 failed after 3 tries");
        for (Recorded e : errors) {
            JsonNode data = e.data();
            assertThat(data.path("taskId").asText()).isEqualTo(taskId.get());
            assertThat(data.path("taskName").asText()).isEqualTo("ingest");
            assertThat(data.path("meta").path("thread").asText()).isEqualTo("ingest-worker");
            assertThat(data.path("meta").path("mdc").path("requestId").asText()).isEqualTo("req-1");
        }
        assertBalanced(shared.stats());
    }
}
