package ai.oceum;

import static org.assertj.core.api.Assertions.assertThat;

import ai.oceum.internal.event.TaskRef;
import ai.oceum.testing.TestClients;
import ai.oceum.testing.TestReceiver;
import ai.oceum.testing.TestReceiver.Recorded;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Task scopes: nesting, usage summed over a task, attributes, failure, closing, the id made on first use. */
class TaskScopeTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private TestReceiver receiver;
    private Oceum oceum;

    @BeforeEach
    void start() {
        receiver = TestReceiver.start();
        oceum = TestClients.builder(receiver, TestClients.agentId("scope")).build();
    }

    @AfterEach
    void stop() {
        oceum.close();
        receiver.close();
    }

    private JsonNode completionOf(String taskId) {
        assertThat(oceum.flush(WAIT)).isTrue();
        return receiver.events("task_complete").stream()
                .map(Recorded::data)
                .filter(d -> d.path("taskId").asText().equals(taskId))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void aNestedTaskCarriesItsParentsIdAndRestoresTheParentWhenClosed() {
        TaskScope outer = oceum.startTask("outer", Map.of("k", "v"));
        TaskScope inner = oceum.startTask("inner");
        assertThat(inner.parentId()).isEqualTo(outer.id());
        assertThat(inner.parent()).containsSame(outer);
        assertThat(TaskScope.current()).containsSame(inner);
        inner.close();
        assertThat(TaskScope.current()).containsSame(outer);
        outer.close();
        assertThat(TaskScope.current()).isEmpty();

        assertThat(oceum.flush(WAIT)).isTrue();
        List<Recorded> starts = receiver.events("task_start");
        assertThat(starts).hasSize(2);
        JsonNode innerStart = named(starts, "inner");
        JsonNode outerStart = named(starts, "outer");
        assertThat(innerStart.path("taskId").asText()).isEqualTo(inner.id());
        assertThat(innerStart.path("parentTaskId").asText()).isEqualTo(outer.id());
        assertThat(outerStart.has("parentTaskId")).isFalse();
        assertThat(outerStart.path("meta").path("k").asText()).isEqualTo("v");
        assertThat(completionOf(inner.id()).path("parentTaskId").asText()).isEqualTo(outer.id());
        assertThat(completionOf(outer.id()).path("meta").path("k").asText()).isEqualTo("v");
    }

    @Test
    void theCompletionCarriesTheMetadataThenTheAttributesSetBeforeTheCloseAndNoneSetAfterIt() {
        TaskScope task = oceum.startTask("attributes", Map.of("k", "v", "shared", "from meta"));
        task.setAttribute("toolCalls", 2).setAttribute("shared", "from attribute");
        task.setAttribute("removed", 1).setAttribute("removed", null);
        task.close();
        task.setAttribute("late", true); // after the close: not sent, not kept

        JsonNode meta = completionOf(task.id()).path("meta");
        assertThat(meta.path("k").asText()).isEqualTo("v");
        assertThat(meta.path("toolCalls").asInt()).isEqualTo(2);
        assertThat(meta.path("shared").asText())
                .as("an attribute wins over metadata")
                .isEqualTo("from attribute");
        assertThat(meta.has("removed")).isFalse();
        assertThat(meta.has("late")).isFalse();
        assertThat(task.attributes()).containsOnlyKeys("toolCalls", "shared");
        assertThat(task.meta()).containsEntry("shared", "from meta");
    }

    private static JsonNode named(List<Recorded> starts, String name) {
        return starts.stream()
                .map(Recorded::data)
                .filter(d -> d.path("taskName").asText().equals(name))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void usageIsSummedOverTheTaskAndItsChildren() {
        try (TaskScope outer = oceum.startTask("outer")) {
            oceum.reportUsage(Usage.of("m", 100, 10));
            try (TaskScope inner = oceum.startTask("inner")) {
                oceum.reportUsage(Usage.of("m", 5, 1));
                assertThat(inner.tokensInput()).isEqualTo(5);
            }
            inner(outer);
        }
        JsonNode totals = receiver.awaitEvents("task_complete", 2, WAIT).stream()
                .map(Recorded::data)
                .filter(d -> d.path("taskName").asText().equals("outer"))
                .findFirst()
                .orElseThrow()
                .path("usageTotals");
        assertThat(totals.path("tokensInput").asLong()).isEqualTo(105);
        assertThat(totals.path("tokensOutput").asLong()).isEqualTo(11);
        assertThat(totals.path("calls").asLong()).isEqualTo(2);
        List<Recorded> usage = receiver.events("usage");
        assertThat(usage)
                .extracting(r -> r.data().path("taskName").asText())
                .containsExactlyInAnyOrder("outer", "inner");
    }

    private static void inner(TaskScope outer) {
        assertThat(outer.tokensInput()).isEqualTo(105);
        assertThat(outer.usageCalls()).isEqualTo(2);
    }

    @Test
    void aTaskWithoutUsageHasNoTotals() {
        TaskScope t = oceum.startTask("quiet");
        t.close();
        assertThat(completionOf(t.id()).has("usageTotals")).isFalse();
    }

    @Test
    void attributesAreSentWithTheCompletion() {
        TaskScope t = oceum.startTask("tools", Map.of("a", 1));
        t.setAttribute("toolCalls", 3).setAttribute("gone", "x").setAttribute("gone", null);
        t.close();
        JsonNode meta = completionOf(t.id()).path("meta");
        assertThat(meta.path("a").asInt()).isEqualTo(1);
        assertThat(meta.path("toolCalls").asInt()).isEqualTo(3);
        assertThat(meta.has("gone")).isFalse();
    }

    @Test
    void aFailedTaskSendsAnErrorInsteadOfACompletion() {
        TaskScope t = oceum.startTask("doomed");
        oceum.reportUsage(Usage.of("m", 7, 3));
        t.fail(new IllegalStateException("first")).fail(new IllegalStateException("second"));
        t.close();
        assertThat(oceum.flush(WAIT)).isTrue();
        assertThat(receiver.events("task_complete")).isEmpty();
        JsonNode error = receiver.awaitEvents("error", 1, WAIT).get(0).data();
        assertThat(error.path("taskStatus").asText()).isEqualTo("failed");
        assertThat(error.path("message").asText()).isEqualTo("first");
        assertThat(error.path("taskId").asText()).isEqualTo(t.id());
        assertThat(error.path("usageTotals").path("tokensInput").asLong()).isEqualTo(7);
        assertThat(t.isFailed()).isTrue();
    }

    @Test
    void anErrorReportedInsideATaskCarriesTheTaskWithoutFailingIt() {
        TaskScope t = oceum.startTask("resilient");
        oceum.error(new RuntimeException("retrying"));
        t.close();
        assertThat(oceum.flush(WAIT)).isTrue();
        JsonNode error = receiver.awaitEvents("error", 1, WAIT).get(0).data();
        assertThat(error.path("taskId").asText()).isEqualTo(t.id());
        assertThat(error.has("taskStatus")).isFalse();
        assertThat(receiver.events("task_complete")).hasSize(1);
    }

    @Test
    void closeIsIdempotentAndKeepsTheDuration() {
        TaskScope t = oceum.startTask("once");
        t.close();
        Duration d = t.elapsed();
        t.close();
        assertThat(t.isClosed()).isTrue();
        assertThat(t.elapsed()).isEqualTo(d);
        assertThat(oceum.flush(WAIT)).isTrue();
        assertThat(receiver.events("task_complete")).hasSize(1);
    }

    @Test
    void aTaskClosedOnAnotherThreadIsNoLongerCurrentHere() {
        TaskScope t = oceum.startTask("handed-off");
        CompletableFuture.runAsync(t::close).join();
        assertThat(TaskScope.current()).isEmpty();
    }

    @Test
    void aDetachedTaskIsNotCurrentUntilActivated() {
        try (TaskScope parent = oceum.startTask("parent")) {
            TaskScope detached = oceum.startDetachedTask("stream", null, parent);
            assertThat(TaskScope.current()).containsSame(parent);
            try (TaskScope.Activation ignored = detached.makeCurrent()) {
                assertThat(TaskScope.current()).containsSame(detached);
                oceum.reportUsage(Usage.of("m", 2, 2));
            }
            assertThat(TaskScope.current()).containsSame(parent);
            detached.close();
            assertThat(parent.tokensInput()).isEqualTo(2);
            assertThat(detached.parentId()).isEqualTo(parent.id());
        }
    }

    @Test
    void usageReportedThroughTheScopeFromAnotherThreadCountsForIt() {
        TaskScope t = oceum.startDetachedTask("callback", null, null);
        CompletableFuture.runAsync(() -> t.reportUsage(Usage.of("m", 4, 4))).join();
        t.close();
        assertThat(completionOf(t.id()).path("usageTotals").path("calls").asLong())
                .isEqualTo(1);
    }

    @Test
    void theIdAskedOnSeveralThreadsAtOnceIsOneUuid() throws Exception {
        int threads = 4;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int round = 0; round < 2_000; round++) {
                TaskRef ref = new TaskRef("raced", null);
                assertOneUuid(askAtOnce(pool, threads, ref::id), "round " + round);
            }
            // A real task: the sender thread, writing its start, races the callers too.
            TaskScope task = oceum.startTask("raced");
            String id = assertOneUuid(askAtOnce(pool, threads, task::id), "task");
            task.close();
            assertThat(completionOf(id).path("taskName").asText()).isEqualTo("raced");
            assertThat(named(receiver.events("task_start"), "raced")
                            .path("taskId")
                            .asText())
                    .isEqualTo(id);
        } finally {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    /**
     * Asks {@code id} on {@code threads} threads released at one moment on the clock: the last to
     * be ready names a start 20 microseconds ahead, which all spin for, so the calls overlap by
     * nanoseconds (a blocking barrier wakes them one after another, microseconds apart, and the
     * first would have made the id before the others ask).
     */
    @SuppressWarnings("ThreadPriorityCheck") // the yield only lets a spinner run when cores are short
    private static List<String> askAtOnce(ExecutorService pool, int threads, Supplier<String> id) throws Exception {
        AtomicInteger ready = new AtomicInteger();
        AtomicLong startAt = new AtomicLong();
        List<Future<String>> answers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            answers.add(pool.submit(() -> {
                if (ready.incrementAndGet() == threads) {
                    startAt.set(System.nanoTime() + 20_000);
                }
                for (int spins = 0; startAt.get() == 0; spins++) {
                    if ((spins & 0xff) == 0xff) {
                        Thread.yield();
                    } else {
                        Thread.onSpinWait();
                    }
                }
                long start = startAt.get();
                while (System.nanoTime() - start < 0) {
                    Thread.onSpinWait();
                }
                return id.get();
            }));
        }
        List<String> ids = new ArrayList<>();
        for (Future<String> answer : answers) {
            ids.add(answer.get(10, TimeUnit.SECONDS));
        }
        return ids;
    }

    private static String assertOneUuid(List<String> ids, String what) {
        Set<String> distinct = new HashSet<>(ids);
        assertThat(distinct).as(what).hasSize(1);
        String id = ids.get(0);
        UUID uuid = UUID.fromString(id);
        assertThat(uuid.toString()).as(what).isEqualTo(id);
        assertThat(uuid.version()).as(what).isEqualTo(4);
        return id;
    }

    @Test
    void aTaskWhoseIdNobodyAskedForSendsOneIdThatItsChildNamesAndThatItsIdGivesAfterTheClose() {
        TaskScope parent = oceum.startTask("lazy-parent");
        TaskScope child = oceum.startTask("lazy-child");
        child.close();
        parent.close();
        // Asked only now, perhaps while the sender thread makes the same ids for the events.
        String parentId = parent.id();
        String childId = child.id();
        assertThat(oceum.flush(WAIT)).isTrue();

        List<Recorded> starts = receiver.events("task_start");
        List<Recorded> completions = receiver.events("task_complete");
        JsonNode parentStart = named(starts, "lazy-parent");
        JsonNode childStart = named(starts, "lazy-child");
        JsonNode parentCompletion = named(completions, "lazy-parent");
        JsonNode childCompletion = named(completions, "lazy-child");
        assertThat(parentStart.path("taskId").asText()).isEqualTo(parentId);
        assertThat(parentCompletion.path("taskId").asText()).isEqualTo(parentId);
        assertThat(childStart.path("taskId").asText()).isEqualTo(childId).isNotEqualTo(parentId);
        assertThat(childCompletion.path("taskId").asText()).isEqualTo(childId);
        assertThat(childStart.path("parentTaskId").asText()).isEqualTo(parentId);
        assertThat(childCompletion.path("parentTaskId").asText()).isEqualTo(parentId);
        assertThat(parentStart.has("parentTaskId")).isFalse();
        assertThat(child.parentId()).isEqualTo(parentId);
        assertOneUuid(List.of(parentId), "parent");
        assertOneUuid(List.of(childId), "child");
        // And the same again on a later call.
        assertThat(parent.id()).isEqualTo(parentId);
        assertThat(child.id()).isEqualTo(childId);
    }
}
