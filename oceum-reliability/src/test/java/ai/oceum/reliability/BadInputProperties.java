package ai.oceum.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.oceum.ErrorReport;
import ai.oceum.Oceum;
import ai.oceum.TaskScope;
import ai.oceum.Usage;
import ai.oceum.WebhookResponse;
import ai.oceum.memory.MemoryWrite;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Hostile input into every telemetry method: arbitrary meta maps (nested, cyclic, throwing,
 * huge), strings with lone surrogates, odd numbers, exploding throwables. No exception may reach
 * the caller, no event may be lost to it, and every body on the wire must be valid UTF-8 JSON.
 */
class BadInputProperties {
    private static RawBodySink sink;
    private static Oceum oceum;

    @BeforeContainer
    static void startClient() throws Exception {
        sink = RawBodySink.start();
        oceum = Clients.builder(sink.baseUrl(), null).build();
    }

    @AfterContainer
    static void stopClient() {
        oceum.close(Duration.ofSeconds(5));
        sink.close();
    }

    @Provide
    Arbitrary<String> strings() {
        return HostileArbitraries.strings();
    }

    @Provide
    Arbitrary<Input<Map<String, Object>>> metas() {
        return HostileArbitraries.metas().map(Input::of);
    }

    @Provide
    Arbitrary<Input<Object>> values() {
        return HostileArbitraries.values(2).map(Input::of);
    }

    @Provide
    Arbitrary<Input<Throwable>> throwables() {
        return HostileArbitraries.throwables().map(Input::of);
    }

    @Property(tries = 200)
    void telemetryNeverThrowsLosesNothingAndSendsValidJson(
            @ForAll("strings") String text,
            @ForAll("metas") Input<Map<String, Object>> metaInput,
            @ForAll("values") Input<Object> valueInput,
            @ForAll("throwables") Input<Throwable> throwableInput) {
        Map<String, Object> meta = metaInput.value();
        Object value = valueInput.value();
        Throwable throwable = throwableInput.value();
        int before = sink.valid();
        List<CompletableFuture<WebhookResponse>> futures = new ArrayList<>();
        Calls calls = new Calls(futures);

        calls.emit("heartbeat()", () -> oceum.heartbeat());
        calls.emit("taskStart(name)", () -> oceum.taskStart(text));
        calls.emit("taskStart(name, meta)", () -> oceum.taskStart(text, meta));
        calls.emit("taskComplete(name, meta)", () -> oceum.taskComplete(text, meta));
        calls.emit("error(message)", () -> oceum.error(text));
        calls.emit("error(message, meta)", () -> oceum.error(text, meta));
        calls.emit("error(throwable)", () -> oceum.error(throwable));
        calls.emit("error(throwable, meta)", () -> oceum.error(throwable, meta));
        calls.emit(
                "error(report)",
                () -> oceum.error(ErrorReport.builder(text)
                        .throwable(throwable)
                        .meta(meta)
                        .build()));
        calls.emit("setStatus", () -> oceum.setStatus(text));
        calls.emit("reportUsage(null)", () -> oceum.reportUsage(null));
        calls.emit(
                "reportUsage(usage)",
                () -> oceum.reportUsage(Usage.builder()
                        .model(text)
                        .provider(text)
                        .finishReason(text)
                        .tokensInput(-1)
                        .tokensOutput(Long.MAX_VALUE)
                        .meta(meta)
                        .meta("extra", value)
                        .build()));
        calls.emit("memory(content)", () -> oceum.memory(text));
        calls.emit(
                "memory(content, options)",
                () -> oceum.memory(
                        text,
                        MemoryWrite.builder().tags(text, null, " ").meta(meta).build()));

        calls.run(
                "wrap with attributes",
                2,
                () -> oceum.wrap(text, meta, () -> {
                    TaskScope.current()
                            .ifPresent(t -> t.setAttribute(text, value).setAttribute("v", value));
                    return value;
                }));
        if (throwable instanceof RuntimeException failure) {
            calls.count(2);
            assertThatThrownBy(() -> oceum.wrap(text, meta, () -> {
                        throw failure;
                    }))
                    .as("wrap rethrows the body's exception unchanged")
                    .isSameAs(failure);
        }
        calls.run("TaskScope", 2, () -> {
            try (TaskScope scope = oceum.startTask(text, meta)) {
                scope.setAttribute(text, value);
                calls.emit("scope.reportUsage", () -> scope.reportUsage(Usage.of(text, 1, 2)));
                calls.emit("scope.error", () -> scope.error(throwable, meta));
                scope.fail(throwable);
            }
            return null;
        });
        calls.run("detached TaskScope", 2, () -> {
            oceum.startDetachedTask(text, meta, null).setAttribute(text, value).close();
            return null;
        });

        assertThat(oceum.flush(Duration.ofSeconds(30))).as("flushed").isTrue();
        for (CompletableFuture<WebhookResponse> f : futures) {
            assertThat(f)
                    .as("every event answered, none refused for its content")
                    .isCompletedWithValueMatching(r -> r.statusCode() == 200);
        }
        assertThat(sink.problems()).as("bodies that are not valid UTF-8 JSON").isEmpty();
        assertThat(sink.valid() - before).as("events on the wire").isEqualTo(calls.events);
    }

    /** Runs calls, failing on any exception, and counts the events they must send. */
    private static final class Calls {
        private final List<CompletableFuture<WebhookResponse>> futures;
        private int events;

        Calls(List<CompletableFuture<WebhookResponse>> futures) {
            this.futures = futures;
        }

        void emit(String what, Supplier<CompletableFuture<WebhookResponse>> call) {
            events++;
            assertThatCode(() -> futures.add(call.get())).as(what).doesNotThrowAnyException();
        }

        void run(String what, int eventsSent, ThrowingCall call) {
            events += eventsSent;
            assertThatCode(call::call).as(what).doesNotThrowAnyException();
        }

        void count(int eventsSent) {
            events += eventsSent;
        }
    }

    @FunctionalInterface
    private interface ThrowingCall {
        Object call() throws Exception;
    }
}
