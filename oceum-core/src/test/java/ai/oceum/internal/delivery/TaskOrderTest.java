package ai.oceum.internal.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.oceum.DropReason;
import ai.oceum.Oceum;
import ai.oceum.OceumStats;
import ai.oceum.TaskScope;
import ai.oceum.Usage;
import ai.oceum.WebhookResponse;
import ai.oceum.testing.TestClients;
import ai.oceum.testing.TestReceiver;
import ai.oceum.testing.TestReceiver.Recorded;
import ai.oceum.testing.TestReceiver.Reply;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Causal order per task (issue "What a new user hits in the first hour", part 1): a task's later
 * events are not sent before its start was answered (or dropped), across retries, 429 pauses and
 * spool replay; a child's start follows its parent's; different tasks still overlap; and the
 * events that wait stay bounded.
 *
 * <p>The receiver's {@link StartGate} records, for every event of a task, whether that task's
 * start had been answered when the event arrived. It marks a start answered just before it
 * returns the answer, so an event sent only after the client read that answer always finds it
 * marked: the assertions need no timing.
 */
class TaskOrderTest {
    private static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    Path spool;

    private TestReceiver receiver;
    private final List<Oceum> clients = new ArrayList<>();

    @BeforeEach
    void start() {
        receiver = TestReceiver.start();
    }

    @AfterEach
    void stop() {
        clients.forEach(c -> c.close(Duration.ofSeconds(5)));
        receiver.close();
    }

    private Oceum client(ai.oceum.OceumBuilder builder) {
        Oceum c = builder.build();
        clients.add(c);
        return c;
    }

    /**
     * Holds or scripts the answers to {@code task_start} and records what every other event of a
     * task found when it arrived.
     */
    static final class StartGate implements Function<Recorded, Reply> {
        private final CountDownLatch released;
        private final Function<Recorded, Reply> startReply;
        private final Duration startDelay;
        final AtomicInteger startsArrived = new AtomicInteger();
        final AtomicInteger startsHeldNow = new AtomicInteger();
        final AtomicInteger mostStartsHeldAtOnce = new AtomicInteger();
        /** Tasks whose start was answered for good (2xx or a final 4xx). */
        final Set<String> answered = ConcurrentHashMap.newKeySet();
        /** eventId → whether the start of its task (for a child's start: of its parent) was answered on arrival. */
        final Map<String, Boolean> afterStart = new ConcurrentHashMap<>();

        private StartGate(CountDownLatch released, Duration startDelay, Function<Recorded, Reply> startReply) {
            this.released = released;
            this.startDelay = startDelay;
            this.startReply = startReply;
        }

        /** Holds every start's answer until {@link #release()}. */
        static StartGate holding() {
            return new StartGate(new CountDownLatch(1), Duration.ZERO, r -> Reply.ok());
        }

        /** Answers every start after {@code delay}. */
        static StartGate delaying(Duration delay) {
            return new StartGate(new CountDownLatch(0), delay, r -> Reply.ok());
        }

        /** Answers starts with {@code reply} at once (for example 500 then 200). */
        static StartGate scripted(Function<Recorded, Reply> reply) {
            return new StartGate(new CountDownLatch(0), Duration.ZERO, reply);
        }

        void release() {
            released.countDown();
        }

        @Override
        public Reply apply(Recorded r) {
            String taskId = r.data().path("taskId").asText(null);
            String parentId = r.data().path("parentTaskId").asText(null);
            if (!"task_start".equals(r.eventType())) {
                String key = taskId != null ? taskId : parentId;
                if (key != null) {
                    afterStart.put(r.eventId(), answered.contains(key));
                }
                return Reply.ok();
            }
            if (parentId != null) {
                afterStart.put(r.eventId(), answered.contains(parentId));
            }
            startsArrived.incrementAndGet();
            mostStartsHeldAtOnce.accumulateAndGet(startsHeldNow.incrementAndGet(), Math::max);
            try {
                released.await(20, TimeUnit.SECONDS);
                Thread.sleep(startDelay.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            startsHeldNow.decrementAndGet();
            Reply reply = startReply.apply(r);
            int s = reply.status();
            if (s / 100 == 2 || (s / 100 == 4 && s != 429 && s != 408)) {
                answered.add(taskId); // before the answer leaves: the client cannot have it earlier
            }
            return reply;
        }
    }

    /** Opens a task and reports a usage, an error and its completion: four events of one task. */
    private static String runTask(Oceum oceum, String name) {
        try (TaskScope task = oceum.startTask(name)) {
            oceum.reportUsage(Usage.of("gpt-4o", 100, 20));
            oceum.error("a tool failed, the task goes on");
            return task.id();
        }
    }

    private List<Recorded> eventsOf(String taskId) {
        return receiver.requests(
                r -> r.isWebhook() && taskId.equals(r.data().path("taskId").asText(null)));
    }

    private void assertLaterEventsFollowedTheStart(StartGate gate, String taskId, int expected) {
        List<Recorded> later = eventsOf(taskId).stream()
                .filter(r -> !"task_start".equals(r.eventType()))
                .toList();
        assertThat(later).hasSize(expected);
        assertThat(later)
                .allSatisfy(r -> assertThat(gate.afterStart.get(r.eventId()))
                        .as("%s of task %s sent before its start was answered", r.eventType(), taskId)
                        .isTrue());
    }

    @Test
    void aTasksLaterEventsAreNotSentBeforeItsStartWasAnswered() {
        StartGate gate = StartGate.holding();
        receiver.respondWith(gate);
        Oceum oceum = client(TestClients.builder(receiver, TestClients.agentId("order")));

        String taskId = runTask(oceum, "triage-ticket");
        oceum.heartbeat(); // reported after the task: the sender has passed the task's events once it is sent
        await().atMost(WAIT).until(() -> gate.startsArrived.get() == 1);
        receiver.awaitEvents("heartbeat", 1, WAIT);

        assertThat(eventsOf(taskId)).as("only the start is out").isEmpty(); // recorded when answered
        // The heartbeat's answer handled: only the start is in flight; the other three wait behind it.
        await().atMost(WAIT).until(() -> oceum.stats().inFlight() == 1);
        assertThat(oceum.stats().queued())
                .as("usage, error, completion wait behind the start")
                .isEqualTo(3);
        assertThat(eventsOf(taskId)).isEmpty();

        gate.release();
        assertThat(oceum.flush(WAIT)).isTrue();
        assertLaterEventsFollowedTheStart(gate, taskId, 3);
        assertThat(eventsOf(taskId))
                .extracting(Recorded::eventType)
                .containsExactly("task_start", "usage", "error", "task_complete");
    }

    @Test
    void aStartThatIsRetriedStillGoesFirst() {
        AtomicInteger attempts = new AtomicInteger();
        StartGate gate = StartGate.scripted(r -> attempts.incrementAndGet() == 1 ? Reply.status(500) : Reply.ok());
        receiver.respondWith(gate);
        Oceum oceum = client(TestClients.builder(receiver, TestClients.agentId("order-retry")));

        String taskId = runTask(oceum, "retried");

        assertThat(oceum.flush(WAIT)).isTrue();
        assertThat(attempts.get()).isEqualTo(2);
        assertLaterEventsFollowedTheStart(gate, taskId, 3);
        assertThat(oceum.stats().sent()).isEqualTo(4);
    }

    @Test
    void aStartThatIsRateLimitedStillGoesFirst() {
        AtomicInteger attempts = new AtomicInteger();
        StartGate gate =
                StartGate.scripted(r -> attempts.incrementAndGet() == 1 ? Reply.tooManyRequests("1") : Reply.ok());
        receiver.respondWith(gate);
        Oceum oceum = client(TestClients.builder(receiver, TestClients.agentId("order-429")));

        String taskId = runTask(oceum, "rate-limited");

        assertThat(oceum.flush(WAIT)).isTrue();
        assertThat(attempts.get()).isEqualTo(2);
        assertLaterEventsFollowedTheStart(gate, taskId, 3);
    }

    @Test
    void eventsReplayedFromTheSpoolByTheNextClientKeepTheirOrder() {
        receiver.respondWith(r -> Reply.status(503));
        Oceum first = TestClients.builder(receiver, TestClients.agentId("order-spool"))
                .spoolDir(spool)
                .maxRetries(0)
                .build();
        List<String> tasks = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            tasks.add(runTask(first, "task-" + i));
        }
        first.close(Duration.ofMillis(200));
        assertThat(first.stats().spooled()).isEqualTo(12);

        StartGate gate = StartGate.delaying(Duration.ofMillis(200));
        receiver.reset();
        receiver.respondWith(gate);
        Oceum next = client(TestClients.builder(receiver, TestClients.agentId("order-replay"))
                .spoolDir(spool));
        assertThat(next.flush(WAIT)).isTrue();

        assertThat(next.stats().replayed()).isEqualTo(12);
        for (String taskId : tasks) {
            assertLaterEventsFollowedTheStart(gate, taskId, 3);
        }
        assertThat(gate.mostStartsHeldAtOnce.get())
                .as("the three tasks replayed side by side")
                .isGreaterThan(1);
    }

    @Test
    void aStartKeptInTheSpoolWhileOceumIsDownKeepsItsPlace() {
        AtomicInteger attempts = new AtomicInteger();
        StartGate gate = StartGate.scripted(r -> attempts.incrementAndGet() <= 3 ? Reply.status(503) : Reply.ok());
        receiver.respondWith(gate);
        Oceum oceum = client(TestClients.builder(receiver, TestClients.agentId("order-kept"))
                .spoolDir(spool)
                .maxRetries(0)
                .retryMaxDelay(Duration.ofMillis(100)));

        List<CompletableFuture<WebhookResponse>> futures = new ArrayList<>();
        String taskId;
        try (TaskScope task = oceum.startTask("kept")) {
            taskId = task.id();
            futures.add(oceum.reportUsage(Usage.of("gpt-4o", 1, 2)));
        }

        assertThat(oceum.flush(WAIT)).isTrue();
        assertThat(attempts.get()).isEqualTo(4);
        assertLaterEventsFollowedTheStart(gate, taskId, 2);
        assertThat(oceum.stats().droppedTotal()).isZero();
        assertThat(futures).allSatisfy(f -> assertThat(f).isCompleted().isNotCompletedExceptionally());
    }

    @Test
    void differentTasksAreSentSideBySide() {
        StartGate gate = StartGate.holding();
        receiver.respondWith(gate);
        Oceum oceum = client(TestClients.builder(receiver, TestClients.agentId("order-parallel")));

        List<String> tasks = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            tasks.add(runTask(oceum, "parallel-" + i));
        }
        await().atMost(WAIT).until(() -> gate.startsArrived.get() == 3); // all three starts on the wire at once

        gate.release();
        assertThat(oceum.flush(WAIT)).isTrue();
        for (String taskId : tasks) {
            assertLaterEventsFollowedTheStart(gate, taskId, 3);
        }
    }

    @Test
    void aChildsStartFollowsItsParentsStart() {
        StartGate gate = StartGate.delaying(Duration.ofMillis(150));
        receiver.respondWith(gate);
        Oceum oceum = client(TestClients.builder(receiver, TestClients.agentId("order-child")));

        String parentId;
        String childId;
        try (TaskScope parent = oceum.startTask("parent")) {
            parentId = parent.id();
            try (TaskScope child = oceum.startTask("child")) {
                childId = child.id();
                oceum.reportUsage(Usage.of("gpt-4o", 1, 2));
            }
        }

        assertThat(oceum.flush(WAIT)).isTrue();
        Recorded childStart = eventsOf(childId).stream()
                .filter(r -> "task_start".equals(r.eventType()))
                .findFirst()
                .orElseThrow();
        assertThat(childStart.data().path("parentTaskId").asText()).isEqualTo(parentId);
        assertThat(gate.afterStart.get(childStart.eventId()))
                .as("child's start after the parent's start was answered")
                .isTrue();
        assertLaterEventsFollowedTheStart(gate, childId, 2);
        assertLaterEventsFollowedTheStart(gate, parentId, 1);
    }

    @Test
    void aParentsEndIsSentAfterItsChildsEnd() {
        Set<String> childEndsAnswered = ConcurrentHashMap.newKeySet();
        AtomicBoolean parentEndCameAfterChildEnd = new AtomicBoolean();
        receiver.respondWith(r -> {
            if ("task_complete".equals(r.eventType())) {
                if (r.data().hasNonNull("parentTaskId")) {
                    sleepQuietly(Duration.ofMillis(150)); // the child's end is answered slowly
                    childEndsAnswered.add(r.data().path("taskId").asText());
                } else {
                    parentEndCameAfterChildEnd.set(childEndsAnswered.size() == 2);
                }
            }
            return Reply.ok();
        });
        Oceum oceum = client(TestClients.builder(receiver, TestClients.agentId("order-ends")));

        try (TaskScope parent = oceum.startTask("parent")) {
            for (int i = 0; i < 2; i++) {
                try (TaskScope child = oceum.startTask("child-" + i)) {
                    oceum.reportUsage(Usage.of("gpt-4o", 1, 2));
                }
            }
        }

        assertThat(oceum.flush(WAIT)).isTrue();
        assertThat(parentEndCameAfterChildEnd)
                .as("the parent's end after both children's ends were answered")
                .isTrue();
        assertThat(oceum.stats().sent()).isEqualTo(8);
    }

    private static void sleepQuietly(Duration d) {
        try {
            Thread.sleep(d.toMillis()); // a slow receiver; the client is what is observed
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aStartThatIsRejectedReleasesTheRestOfItsTask() {
        StartGate gate = StartGate.scripted(r -> Reply.json(400, "{\"error\":\"bad start\"}"));
        receiver.respondWith(gate);
        Oceum oceum = client(TestClients.builder(receiver, TestClients.agentId("order-dropped")));

        String taskId = runTask(oceum, "rejected-start");

        assertThat(oceum.flush(WAIT)).isTrue();
        assertLaterEventsFollowedTheStart(gate, taskId, 3);
        OceumStats s = oceum.stats();
        assertThat(s.dropped(DropReason.REJECTED)).isEqualTo(1);
        assertThat(s.sent()).isEqualTo(3);
    }

    /**
     * Without a spool, at most {@code queueCapacity} events wait behind an earlier one of their
     * task; past that they are dropped, counted, never holding up the caller.
     */
    @Test
    void eventsWaitingBehindTheirTaskAreBoundedAndCountedWhenDropped() {
        StartGate gate = StartGate.holding();
        receiver.respondWith(gate);
        Oceum oceum = client(TestClients.builder(receiver, TestClients.agentId("order-bounded"))
                .queueCapacity(5));

        List<CompletableFuture<WebhookResponse>> usage = new ArrayList<>();
        String taskId;
        try (TaskScope task = oceum.startTask("busy")) {
            taskId = task.id();
            await().atMost(WAIT).until(() -> gate.startsArrived.get() == 1);
            for (int i = 0; i < 30; i++) {
                usage.add(oceum.reportUsage(Usage.of("gpt-4o", i, 1)));
                OceumStats s = oceum.stats();
                assertThat(s.queued()).as("memory queue + waiting, bounded").isLessThanOrEqualTo(10);
            }
            await().atMost(WAIT).until(() -> oceum.stats().queued() == 5); // the sender took what it could hold
        }
        gate.release();
        assertThat(oceum.flush(WAIT)).isTrue();

        OceumStats s = oceum.stats();
        assertThat(usage).allSatisfy(f -> assertThat(f).isDone());
        assertThat(s.dropped(DropReason.QUEUE_FULL)).isPositive();
        assertThat(s.sent() + s.droppedTotal()).isEqualTo(s.accepted());
        assertLaterEventsFollowedTheStart(gate, taskId, (int) (s.sent() - 1));
    }

    /** With a spool, events past the bound wait on disk instead, and still keep their order. */
    @Test
    void withASpoolEventsPastTheBoundWaitOnDiskAndKeepTheirOrder() {
        StartGate gate = StartGate.holding();
        receiver.respondWith(gate);
        Oceum oceum = client(TestClients.builder(receiver, TestClients.agentId("order-bounded-spool"))
                .queueCapacity(5)
                .spoolDir(spool));

        String taskId;
        try (TaskScope task = oceum.startTask("busy")) {
            taskId = task.id();
            await().atMost(WAIT).until(() -> gate.startsArrived.get() == 1);
            for (int i = 0; i < 30; i++) {
                oceum.reportUsage(Usage.of("gpt-4o", i, 1));
            }
        }
        gate.release();
        assertThat(oceum.flush(WAIT)).isTrue();

        OceumStats s = oceum.stats();
        assertThat(s.droppedTotal()).isZero();
        assertThat(s.sent()).isEqualTo(32);
        assertLaterEventsFollowedTheStart(gate, taskId, 31);
        List<Long> tokens = eventsOf(taskId).stream()
                .filter(r -> "usage".equals(r.eventType()))
                .map(r -> r.data().path("tokensInput").asLong())
                .toList();
        assertThat(tokens).as("usage in the order it was reported").isSorted().hasSize(30);
    }
}
