package ai.oceum;

import ai.oceum.internal.util.ReporterThreads;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The automatic heartbeat of one client: a beat now, then one about every interval (±10 % so that
 * a fleet started together does not beat in step), on one daemon thread made at the first start.
 *
 * <p>Thread-safe: start, stop and close hold one lock; a beat that fires while the heartbeat is
 * stopped or closed schedules no next one.
 */
final class Heartbeat {
    private final String agentId;
    private final Runnable beat;
    private final Object lock = new Object();
    private ScheduledThreadPoolExecutor scheduler;
    private ScheduledFuture<?> next;
    /**
     * Which start the beats belong to. A beat already running when the heartbeat is restarted or
     * stopped cannot be cancelled; it sees that its start is no longer current and schedules no
     * next beat, so a restart never leaves two chains of beats.
     */
    private long generation;

    private boolean closed;

    /**
     * @param agentId names the thread
     * @param beat sends one heartbeat (never throws)
     */
    Heartbeat(String agentId, Runnable beat) {
        this.agentId = agentId;
        this.beat = beat;
    }

    /** Beats now and then about every {@code intervalMillis}; replaces a running heartbeat. Nothing once closed. */
    void start(long intervalMillis) {
        synchronized (lock) {
            if (closed) {
                return;
            }
            stopLocked();
            if (scheduler == null) {
                ScheduledThreadPoolExecutor s =
                        new ScheduledThreadPoolExecutor(1, ReporterThreads.factory("heartbeat", agentId));
                s.setRemoveOnCancelPolicy(true);
                scheduler = s;
            }
            schedule(0, intervalMillis, generation);
        }
    }

    private void schedule(long delayMillis, long intervalMillis, long startedAs) {
        next = scheduler.schedule(
                () -> {
                    beat.run();
                    synchronized (lock) {
                        if (startedAs == generation && next != null && !closed) {
                            schedule(
                                    jittered(
                                            intervalMillis,
                                            ThreadLocalRandom.current().nextDouble()),
                                    intervalMillis,
                                    startedAs);
                        }
                    }
                },
                delayMillis,
                TimeUnit.MILLISECONDS);
    }

    /** The delay before the next beat: {@code interval} ±10 %, for a uniform {@code random} in [0, 1). */
    static long jittered(long intervalMillis, double random) {
        return (long) (intervalMillis * (0.9 + 0.2 * random));
    }

    /** The scheduler, once started (for tests of the schedule). */
    ScheduledThreadPoolExecutor scheduler() {
        synchronized (lock) {
            return scheduler;
        }
    }

    /** Stops the beats; {@link #start} may start them again. */
    void stop() {
        synchronized (lock) {
            stopLocked();
        }
    }

    private void stopLocked() {
        generation++;
        if (next != null) {
            next.cancel(false);
            next = null;
        }
    }

    /** Stops for good and ends the thread. */
    void close() {
        synchronized (lock) {
            closed = true;
            stopLocked();
            if (scheduler != null) {
                scheduler.shutdownNow();
            }
        }
    }
}
