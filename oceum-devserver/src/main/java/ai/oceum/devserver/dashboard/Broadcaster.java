package ai.oceum.devserver.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes dashboard snapshots to browsers over server-sent events. Changes only mark the model
 * dirty; one background thread builds a snapshot at most every {@value #COALESCE_MS} ms and
 * writes it to every open stream, so a burst of events costs one snapshot, not one per event.
 * A snapshot also goes out every {@value #REFRESH_MS} ms so liveness turns degraded without
 * new events, and a closed browser tab is noticed on the next write.
 */
public final class Broadcaster implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Broadcaster.class);
    private static final long COALESCE_MS = 200;
    private static final long REFRESH_MS = 5_000;

    private final Supplier<Object> snapshot;
    private final ObjectMapper mapper;
    private final List<HttpExchange> clients = new CopyOnWriteArrayList<>();
    private final AtomicBoolean dirty = new AtomicBoolean();
    private final ScheduledExecutorService timer;
    private volatile long lastSent;

    /** A broadcaster sending what {@code snapshot} builds. */
    public Broadcaster(Supplier<Object> snapshot, ObjectMapper mapper) {
        this.snapshot = snapshot;
        this.mapper = mapper;
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

    /** Starts streaming to a browser: headers now, the current snapshot on the timer thread. */
    public void open(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.getResponseHeaders().set("X-Accel-Buffering", "no");
        exchange.sendResponseHeaders(200, 0);
        exchange.getResponseBody().write("retry: 1000\n\n".getBytes(StandardCharsets.UTF_8));
        exchange.getResponseBody().flush();
        clients.add(exchange);
        timer.execute(() -> send(List.of(exchange)));
    }

    /** How many browsers are connected. */
    public int clientCount() {
        return clients.size();
    }

    private void tick() {
        try {
            long now = System.currentTimeMillis();
            if (!clients.isEmpty() && (dirty.getAndSet(false) || now - lastSent >= REFRESH_MS)) {
                send(clients);
            }
        } catch (RuntimeException e) {
            log.warn("dashboard update failed: {}", e.toString());
        }
    }

    private void send(List<HttpExchange> targets) {
        byte[] frame;
        try {
            frame = ("event: snapshot\ndata: " + mapper.writeValueAsString(snapshot.get()) + "\n\n").getBytes(StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            log.warn("dashboard snapshot failed: {}", e.toString());
            return;
        }
        lastSent = System.currentTimeMillis();
        for (HttpExchange ex : targets) {
            try {
                OutputStream out = ex.getResponseBody();
                out.write(frame);
                out.flush();
            } catch (IOException e) {
                drop(ex);
            }
        }
    }

    private void drop(HttpExchange ex) {
        clients.remove(ex);
        ex.close();
    }

    @Override
    public void close() {
        timer.shutdownNow();
        for (HttpExchange ex : clients) {
            drop(ex);
        }
    }
}
