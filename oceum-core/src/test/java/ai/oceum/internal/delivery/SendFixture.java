package ai.oceum.internal.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import ai.oceum.DropReason;
import ai.oceum.OceumException;
import ai.oceum.OceumStats;
import ai.oceum.internal.event.Payload;
import ai.oceum.internal.transport.AbortedException;
import ai.oceum.internal.transport.Answer;
import ai.oceum.internal.transport.NetworkFailures;
import ai.oceum.internal.transport.Transport;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * What the turn-by-turn delivery tests ({@link SendStateMachineTest}, {@link OutageStateMachineTest})
 * drive a {@link Dispatcher} with: a mocked {@link Transport} whose requests the test answers or
 * fails ({@link #posted}), a {@link FakeClock}, and the events they send. One per test; not
 * thread-safe (the test thread steps the loop itself).
 */
final class SendFixture {
    static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    /** Time that moves only when the test says; sleeps are recorded, not slept. */
    static final class FakeClock implements Clock {
        long nanos = 1_000 * SECOND;
        long millis = 1_800_000_000_000L;
        final List<Long> sleeps = new ArrayList<>();

        @Override
        public long nanoTime() {
            return nanos;
        }

        @Override
        public long currentTimeMillis() {
            return millis;
        }

        @Override
        public void sleepNanos(long n) {
            sleeps.add(n);
        }

        void advance(long n) {
            nanos += n;
            millis += TimeUnit.NANOSECONDS.toMillis(n);
        }
    }

    /** A request the transport was given; the test completes it. */
    record Posted(String id, CompletableFuture<Answer> answer) {
        void answer(int status) {
            answer.complete(new Answer(status, "{\"ok\":" + (status < 300) + "}", null));
        }
    }

    final String agentId;
    final FakeClock clock = new FakeClock();
    final List<Posted> posted = new ArrayList<>();
    final Transport transport = mock(Transport.class);

    SendFixture(String agentId) {
        this.agentId = agentId;
        when(transport.uri(anyString())).thenAnswer(i -> URI.create("http://127.0.0.1:9" + i.getArgument(0)));
        when(transport.post(eq(Transport.WEBHOOK_PATH), any(), anyString())).thenAnswer(i -> {
            CompletableFuture<Answer> f = new CompletableFuture<>();
            posted.add(new Posted(i.getArgument(2), f));
            return f;
        });
        // As HttpTransport does: requests waiting for an answer complete at once, not acknowledged.
        doAnswer(i -> {
                    posted.forEach(p -> p.answer().completeExceptionally(new AbortedException()));
                    return null;
                })
                .when(transport)
                .abortSending();
    }

    /** A dispatcher on this transport and clock: retries from 1 s doubling to 30 s, a queue of 100. */
    Dispatcher dispatcher(int maxRetries, int maxInFlight) {
        RetryPolicy policy = new RetryPolicy(maxRetries, Duration.ofSeconds(1), Duration.ofSeconds(30));
        NetworkFailures failures =
                new NetworkFailures(URI.create("http://127.0.0.1:9"), Duration.ofSeconds(5), Duration.ofSeconds(10));
        return new Dispatcher(agentId, maxInFlight, new MemoryQueue(100), transport, policy, failures, clock);
    }

    Event event(String type, Payload payload) {
        return new Event(
                type, agentId, "evt-" + type + "-" + System.nanoTime(), 1L, payload, new CompletableFuture<>());
    }

    Event heartbeat() {
        return event("heartbeat", Payload.EMPTY);
    }

    /** A payload of task {@code taskId}, as the typed payloads report it. */
    static Payload ofTask(String taskId) {
        return new Payload() {
            @Override
            public Map<String, Object> toData() {
                Map<String, Object> data = new LinkedHashMap<>();
                data.put("taskId", taskId);
                return data;
            }

            @Override
            public String taskId() {
                return taskId;
            }
        };
    }

    /** Why the event was dropped; fails the test if it was not. */
    static DropReason dropReason(Event e) {
        assertThat(e.future()).isCompletedExceptionally();
        try {
            e.future().join();
            throw new AssertionError("not failed");
        } catch (CompletionException c) {
            return ((OceumException) c.getCause()).reason();
        }
    }

    static void assertInvariant(OceumStats s) {
        assertThat(s.accepted()).isEqualTo(s.sent() + s.droppedTotal() + s.queued() + s.spooled());
    }
}
