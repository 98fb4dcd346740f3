package ai.oceum.internal.util;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * Runs a close action once. Later callers — a second {@code close()}, the JVM's shutdown hook —
 * wait for the close in progress and return its result, so that none of them returns (and lets
 * the JVM exit) in the middle of a flush. A call made from inside the close itself (a callback of
 * a future it completes) returns false at once instead of waiting for itself.
 *
 * <p>Thread-safe.
 */
public final class CloseOnce {
    private final AtomicReference<Thread> closer = new AtomicReference<>();
    private final CompletableFuture<Boolean> result = new CompletableFuture<>();

    /** Whether a close has begun. */
    public boolean isClosed() {
        return closer.get() != null;
    }

    /**
     * Runs {@code action} if no close has begun, else waits for the one in progress; returns its
     * result (false if it failed, or if the waiting thread is interrupted, whose status is kept).
     */
    public boolean close(BooleanSupplier action) {
        Thread me = Thread.currentThread();
        if (closer.compareAndSet(null, me)) {
            boolean r = false;
            try {
                r = action.getAsBoolean();
                return r;
            } finally {
                result.complete(r);
            }
        }
        if (closer.get() == me && !result.isDone()) {
            return false;
        }
        try {
            return result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException e) {
            return false;
        }
    }
}
