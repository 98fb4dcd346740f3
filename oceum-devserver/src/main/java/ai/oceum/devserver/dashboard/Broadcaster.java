package ai.oceum.devserver.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes dashboard snapshots to browsers over server-sent events. Changes only mark the model
 * dirty; one timer thread builds a snapshot at most every {@value #COALESCE_MS} ms (and every
 * {@value #REFRESH_MS} ms anyway, so liveness moves on without events) and hands it to every
 * stream. Each stream has its own writer thread and holds at most one pending snapshot (a newer
 * one replaces it: each is the whole model), so a browser that stops reading costs one buffer
 * and never delays the others; a write that takes longer than the write timeout drops that
 * stream. At most {@link #MAX_STREAMS} streams are open at once. Thread-safe.
 */
public final class Broadcaster implements AutoCloseable {
    /** The most streams open at once; more are refused (503). */
    public static final int MAX_STREAMS = 32;

    private static final Logger log = LoggerFactory.getLogger(Broadcaster.class);
    private static final long COALESCE_MS = 200;
    private static final long REFRESH_MS = 5_000;
    private static final AtomicInteger STREAM_IDS = new AtomicInteger();

    private final Supplier<Object> snapshot;
    private final ObjectMapper mapper;
    private final long writeTimeoutNanos;
    private final List<Stream> streams = new CopyOnWriteArrayList<>();
    private final AtomicBoolean dirty = new AtomicBoolean();
    private final ScheduledExecutorService timer;
    private volatile long lastSent;
    private volatile boolean closed;

    /** A broadcaster sending what {@code snapshot} builds; a stream whose write takes longer than {@code writeTimeout} is dropped. */
    public Broadcaster(Supplier<Object> snapshot, ObjectMapper mapper, Duration writeTimeout) {
        this.snapshot = snapshot;
        this.mapper = mapper;
        this.writeTimeoutNanos = writeTimeout.toNanos();
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "oceum-devserver-sse");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::tick, COALESCE_MS, COALESCE_MS, TimeUnit.MILLISECONDS);
    }

    /** Marks the model changed; browsers get it within {@value #COALESCE_MS} ms. */
    public void changed() {
        dirty.set(true);
    }

    /** Whether another stream may be opened now. */
    public boolean hasRoom() {
        return streams.size() < MAX_STREAMS && !closed;
    }

    /**
     * Starts streaming to a browser whose response headers were sent: its writer thread starts,
     * and the current snapshot is built for it on the timer thread.
     */
    public void open(HttpExchange exchange) {
        Stream s = new Stream(exchange);
        streams.add(s);
        s.writer.start();
        timer.execute(() -> {
            byte[] frame = frame();
            if (frame != null) {
                s.offer(frame);
            }
        });
    }

    /** How many browsers are connected. */
    public int clientCount() {
        return streams.size();
    }

    private void tick() {
        try {
            long now = System.nanoTime();
            for (Stream s : streams) {
                long started = s.writeStarted;
                if (started != 0 && now - started > writeTimeoutNanos) {
                    log.info(
                            "dropped a dashboard stream that took no data for {} ms",
                            TimeUnit.NANOSECONDS.toMillis(writeTimeoutNanos));
                    s.drop();
                }
            }
            long ms = System.currentTimeMillis();
            if (!streams.isEmpty() && (dirty.getAndSet(false) || ms - lastSent >= REFRESH_MS)) {
                byte[] frame = frame();
                if (frame != null) {
                    lastSent = ms;
                    streams.forEach(s -> s.offer(frame));
                }
            }
        } catch (RuntimeException e) {
            log.warn("dashboard update failed: {}", e.toString());
        }
    }

    private byte[] frame() {
        try {
            return ("event: snapshot\ndata: " + mapper.writeValueAsString(snapshot.get()) + "\n\n")
                    .getBytes(StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            if (!closed) {
                log.warn("dashboard snapshot failed: {}", e.toString());
            }
            return null;
        }
    }

    /** Stops the timer, letting a snapshot being built finish first (the store closes after this), and drops every stream. */
    @Override
    public void close() {
        closed = true;
        timer.shutdown();
        try {
            if (!timer.awaitTermination(2, TimeUnit.SECONDS)) {
                timer.shutdownNow();
            }
        } catch (InterruptedException e) {
            timer.shutdownNow();
            Thread.currentThread().interrupt();
        }
        streams.forEach(Stream::drop);
    }

    /** One browser's stream: a writer thread and the one snapshot waiting for it. */
    private final class Stream {
        final HttpExchange exchange;
        final Thread writer;
        final AtomicReference<byte[]> pending = new AtomicReference<>();
        /** When the write in progress started (System.nanoTime), 0 when none is. */
        volatile long writeStarted;

        volatile boolean dropped;

        Stream(HttpExchange exchange) {
            this.exchange = exchange;
            this.writer = new Thread(this::writeLoop, "oceum-devserver-sse-" + STREAM_IDS.incrementAndGet());
            writer.setDaemon(true);
        }

        void offer(byte[] frame) {
            pending.set(frame);
            LockSupport.unpark(writer);
        }

        /** Ends the stream: a write blocked on a browser that does not read ends with the interrupt (the channel closes). */
        void drop() {
            dropped = true;
            writer.interrupt();
        }

        private void writeLoop() {
            try {
                OutputStream out = exchange.getResponseBody();
                while (!dropped && !closed) {
                    byte[] frame = pending.getAndSet(null);
                    if (frame == null) {
                        LockSupport.park(this);
                        continue;
                    }
                    writeStarted = System.nanoTime();
                    out.write(frame);
                    out.flush();
                    writeStarted = 0;
                }
            } catch (IOException e) {
                // The browser went away, or the write was interrupted for taking too long.
            } finally {
                writeStarted = 0;
                streams.remove(this);
                Thread.interrupted();
                exchange.close();
            }
        }
    }
}
