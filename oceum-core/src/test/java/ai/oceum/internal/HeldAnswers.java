package ai.oceum.internal;

import ai.oceum.testing.TestReceiver.Recorded;
import ai.oceum.testing.TestReceiver.Reply;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A receiver handler that holds every answer (200) until {@link #release()}, at most 20 s: keeps
 * requests in flight on purpose, so that a test can fill the queue behind them. Closing releases.
 */
public final class HeldAnswers implements Function<Recorded, Reply>, AutoCloseable {
    private final CountDownLatch released = new CountDownLatch(1);

    @Override
    public Reply apply(Recorded request) {
        try {
            released.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Reply.ok();
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
