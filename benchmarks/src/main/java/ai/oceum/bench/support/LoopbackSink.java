package ai.oceum.bench.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.LongAdder;

/**
 * The smallest useful receiver: a JDK {@link HttpServer} on 127.0.0.1 that reads each body and
 * answers {@code 200 {"ok":true}}. Shared by the benchmarks as the "healthy Oceum".
 *
 * <p>It turns Nagle's algorithm off ({@code sun.net.httpserver.nodelay}): left on, every small
 * answer waits for the client's delayed ACK (~40 ms) and the sink, not the client, sets the pace.
 * The property is read once per JVM, when the first server starts.
 */
public final class LoopbackSink implements AutoCloseable {
    private static final byte[] OK = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);

    static {
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final LongAdder requests = new LongAdder();

    private LoopbackSink(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Starts a sink on a free loopback port with {@code threads} handler threads. */
    public static LoopbackSink start(int threads) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
        ExecutorService executor = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "loopback-sink");
            t.setDaemon(true);
            return t;
        });
        LoopbackSink sink = new LoopbackSink(server, executor);
        server.createContext("/", sink::handle);
        server.setExecutor(executor);
        server.start();
        return sink;
    }

    /** {@code http://127.0.0.1:<port>}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Requests answered so far. */
    public long requests() {
        return requests.sum();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            in.readAllBytes();
        }
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, OK.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(OK);
        }
        requests.increment();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
