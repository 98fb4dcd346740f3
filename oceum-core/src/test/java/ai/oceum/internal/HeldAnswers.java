package ai.oceum.internal;

import ai.oceum.testing.TestReceiver.Recorded;
import ai.oceum.testing.TestReceiver.Reply;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A receiver handler that holds every answer (200) until {@link #release()}, at most 20 s: keeps
 * requests in flight on purpose, so that a test can fill the queue behind them, or close the client
 * while they are on the wire. Closing releases.
 */
public final class HeldAnswers implements Function<Recorded, Reply>, AutoCloseable {
    private final CountDownLatch released = new CountDownLatch(1);
    private final AtomicInteger arrived = new AtomicInteger();
    private final AtomicInteger answered = new AtomicInteger();

    @Override
    public Reply apply(Recorded request) {
        arrived.incrementAndGet();
        try {
            released.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        answered.incrementAndGet();
        return Reply.ok();
    }

    /** Requests that reached the handler so far (held or answered). */
    public int arrived() {
        return arrived.get();
    }

    /** Requests the handler let go of (their 200 is then sent). */
    public int answered() {
        return answered.get();
    }

    /** Lets every held and future request be answered. */
    public void release() {
        released.countDown();
    }

    @Override
    public void close() {
        release();
    }
}
