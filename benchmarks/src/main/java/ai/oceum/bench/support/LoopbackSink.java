package ai.oceum.bench.support;

import ai.oceum.testing.LoopbackHttpServer;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.LongAdder;

/**
 * The smallest useful receiver: a server on 127.0.0.1 ({@link LoopbackHttpServer}, which also turns
 * Nagle's delay off) that reads each body and answers {@code 200 {"ok":true}}. Shared by the
 * benchmarks as the "healthy Oceum".
 *
 * <p>Thread safety: its handler threads count requests with a {@link LongAdder}; {@link #requests()}
 * may be read from any thread.
 */
public final class LoopbackSink implements AutoCloseable {
    private static final byte[] OK = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);

    private final LongAdder requests = new LongAdder();
    private final LoopbackHttpServer server;

    private LoopbackSink(int threads) {
        this.server = LoopbackHttpServer.builder("loopback-sink")
                .threads(threads)
                .backlog(256)
                .handle("/", this::handle)
                .start();
    }

    /** Starts a sink on a free loopback port with {@code threads} handler threads. */
    public static LoopbackSink start(int threads) {
        return new LoopbackSink(threads);
    }

    /** {@code http://127.0.0.1:<port>}. */
    public String baseUrl() {
        return server.baseUrl();
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
        server.close();
    }
}
