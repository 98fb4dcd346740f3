package ai.oceum.devserver.http;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The HTTP workers, with a deadline on socket I/O: a client has {@code timeout} to send its
 * request (line, headers and body), and again to take each answer. The JDK's server reads a
 * request on the worker thread with blocking reads and has no such limit (its
 * {@code sun.net.httpserver.maxReqTime} is one setting per JVM, read once), so a few sockets
 * holding half a request would hold every worker ("slowloris"). A watchdog interrupts a worker
 * whose I/O ran past its deadline: blocking channel I/O ends with {@code ClosedByInterruptException}
 * and the connection is closed.
 *
 * <p>Interrupts only ever reach a worker while it does socket I/O: processing (the database,
 * the vault proxy's outgoing call) runs between {@link #requestRead()} and {@link #io}, outside
 * any deadline, and the state changes and the interrupt are made under one lock per exchange, so
 * an interrupt cannot land after the exchange moved on. Thread-safe.
 */
public final class RequestDeadlines implements Executor, AutoCloseable {
    private static final ThreadLocal<Clock> CURRENT = new ThreadLocal<>();
    private static final long WATCH_EVERY_MS = 100;

    private final ThreadPoolExecutor workers;
    private final ScheduledExecutorService watchdog;
    private final Set<Clock> active = ConcurrentHashMap.newKeySet();
    private final long timeoutNanos;

    /** {@code threads} workers (started on demand, stopped when idle) with this I/O deadline. */
    public RequestDeadlines(int threads, Duration timeout) {
        this.timeoutNanos = timeout.toNanos();
        AtomicInteger n = new AtomicInteger();
        this.workers =
                new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "oceum-devserver-http-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        workers.allowCoreThreadTimeOut(true);
        this.watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "oceum-devserver-deadlines");
            t.setDaemon(true);
            return t;
        });
        watchdog.scheduleWithFixedDelay(this::expireLate, WATCH_EVERY_MS, WATCH_EVERY_MS, TimeUnit.MILLISECONDS);
    }

    @Override
    public void execute(Runnable exchange) {
        workers.execute(() -> run(exchange));
    }

    private void run(Runnable exchange) {
        Clock clock = new Clock(Thread.currentThread(), System.nanoTime() + timeoutNanos);
        CURRENT.set(clock);
        active.add(clock);
        try {
            exchange.run();
        } finally {
            clock.done();
            active.remove(clock);
            CURRENT.remove();
            Thread.interrupted(); // the next exchange on this thread starts clean
        }
    }

    private void expireLate() {
        long now = System.nanoTime();
        for (Clock c : active) {
            c.expireIfLate(now);
        }
    }

    /**
     * The request has been read in full: its deadline ends (processing is not timed).
     *
     * @throws InterruptedIOException when the deadline had already passed
     */
    static void requestRead() throws IOException {
        Clock c = CURRENT.get();
        if (c != null) {
            c.stop();
        }
    }

    /** Socket I/O (an answer), under a fresh deadline, or under the one already running. */
    static <T> T io(IoCall<T> call) throws IOException {
        Clock c = CURRENT.get();
        if (c == null || c.isRunning()) {
            return call.run();
        }
        c.start(System.nanoTime() + c.timeout());
        boolean ok = false;
        try {
            T result = call.run();
            ok = true;
            return result;
        } finally {
            if (ok) {
                c.stop();
            }
        }
    }

    /** I/O that may throw. */
    @FunctionalInterface
    interface IoCall<T> {
        /** Does the I/O. */
        T run() throws IOException;
    }

    @Override
    public void close() {
        watchdog.shutdownNow();
        workers.shutdownNow();
    }

    /** One exchange's deadline. */
    private final class Clock {
        private final Thread thread;
        private long deadline;
        private boolean running = true;
        private boolean expired;

        Clock(Thread thread, long deadline) {
            this.thread = thread;
            this.deadline = deadline;
        }

        long timeout() {
            return timeoutNanos;
        }

        synchronized boolean isRunning() {
            return running;
        }

        synchronized void start(long newDeadline) {
            if (!expired) {
                deadline = newDeadline;
                running = true;
            }
        }

        synchronized void stop() throws InterruptedIOException {
            running = false;
            if (expired) {
                Thread.interrupted();
                throw new InterruptedIOException(
                        "the client took longer than " + Duration.ofNanos(timeoutNanos) + " to send its request");
            }
        }

        synchronized void done() {
            running = false;
        }

        synchronized void expireIfLate(long now) {
            if (running && !expired && now - deadline > 0) {
                expired = true;
                running = false;
                thread.interrupt();
            }
        }
    }
}
