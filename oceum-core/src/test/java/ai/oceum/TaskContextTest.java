package ai.oceum;

import static org.assertj.core.api.Assertions.assertThat;

import ai.oceum.testing.TestClients;
import ai.oceum.testing.TestReceiver;
import ai.oceum.testing.TestReceiver.Recorded;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Carrying the open task into other threads: usage reported there counts for it. */
class TaskContextTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private TestReceiver receiver;
    private Oceum oceum;
    private ExecutorService pool;

    @BeforeEach
    void start() {
        receiver = TestReceiver.start();
        oceum = TestClients.builder(receiver, TestClients.agentId("context")).build();
        pool = Executors.newFixedThreadPool(2);
    }

    @AfterEach
    void stop() throws InterruptedException {
        pool.shutdownNow();
        pool.awaitTermination(5, TimeUnit.SECONDS);
        oceum.close();
        receiver.close();
    }

    private Runnable use(int tokens) {
        return () -> oceum.reportUsage(Usage.of("m", tokens, 1));
    }

    private JsonNode totalsOf(TaskScope task) {
        assertThat(oceum.flush(WAIT)).isTrue();
        return receiver.events("task_complete").stream()
                .map(Recorded::data)
                .filter(d -> d.path("taskId").asText().equals(task.id()))
                .findFirst()
                .orElseThrow()
                .path("usageTotals");
    }

    @Test
    void usageFromEveryKindOfHandedOnWorkIsSummedIntoTheTask() throws Exception {
        ExecutorService wrappedService = TaskContext.wrap(pool);
        Executor wrappedExecutor = TaskContext.wrap((Executor) command -> pool.execute(command));
        TaskScope task = oceum.startTask("fan-out");
        try {
            pool.submit(TaskContext.wrap(use(1))).get();
            pool.submit(TaskContext.wrap((Callable<Void>) () -> {
                        use(2).run();
                        return null;
                    }))
                    .get();
            CompletableFuture.runAsync(use(4), wrappedExecutor).get();
            wrappedService.submit(use(8)).get();
            wrappedService.invokeAll(List.of(() -> {
                use(16).run();
                return 1;
            }));
            CompletableFuture.supplyAsync(
                            () -> {
                                use(32).run();
                                return TaskScope.current();
                            },
                            wrappedService)
                    .thenAccept(t -> assertThat(t).containsSame(task))
                    .get();
        } finally {
            task.close();
        }

        JsonNode totals = totalsOf(task);
        assertThat(totals.path("tokensInput").asLong()).isEqualTo(63);
        assertThat(totals.path("calls").asLong()).isEqualTo(6);
        assertThat(receiver.events("usage"))
                .hasSize(6)
                .allSatisfy(r -> assertThat(r.data().path("taskId").asText()).isEqualTo(task.id()));
    }

    @Test
    void aWorkerGoesBackToNoTaskAfterTheWrappedWork() throws Exception {
        ExecutorService single = Executors.newSingleThreadExecutor();
        try {
            try (TaskScope ignored = oceum.startTask("t")) {
                single.submit(TaskContext.wrap(() -> {})).get();
            }
            Optional<TaskScope> after = single.submit(TaskScope::current).get();
            assertThat(after).isEmpty();
        } finally {
            single.shutdownNow();
        }
    }

    @Test
    void aChildTaskStartedInHandedOnWorkHasTheTaskAsParent() throws Exception {
        TaskScope task = oceum.startTask("parent");
        try {
            TaskScope child = TaskContext.wrap(pool)
                    .submit(() -> {
                        TaskScope c = oceum.startTask("child");
                        c.close();
                        return c;
                    })
                    .get();
            assertThat(child.parentId()).isEqualTo(task.id());
        } finally {
            task.close();
        }
    }

    @Test
    void withoutAnOpenTaskTheArgumentIsReturnedAsIs() {
        Runnable r = () -> {};
        Callable<Integer> c = () -> 1;
        assertThat(TaskContext.wrap(r)).isSameAs(r);
        assertThat(TaskContext.wrap(c)).isSameAs(c);
        ExecutorService wrapped = TaskContext.wrap(pool);
        assertThat(TaskContext.wrap(wrapped)).isSameAs(wrapped);
    }

    @Test
    void theWrappedServiceDelegatesItsLifeCycle() throws Exception {
        ExecutorService own = Executors.newSingleThreadExecutor();
        ExecutorService wrapped = TaskContext.wrap(own);
        wrapped.shutdown();
        assertThat(own.isShutdown()).isTrue();
        assertThat(wrapped.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
        assertThat(wrapped.isTerminated()).isTrue();
    }
}
