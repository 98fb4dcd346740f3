package ai.oceum.testing;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;

/**
 * The one way the tests start a JDK {@link HttpServer}: on 127.0.0.1, on a free port, with daemon
 * handler threads, without Nagle's delay, stopped with its threads by {@link #close()}.
 *
 * <p>Every fake server of the test kit ({@link TestReceiver}, {@link FakeOpenAi}) and of the modules'
 * own tests (a target API behind the vault proxy, a sink that checks raw bytes, the benchmarks' sink)
 * is started here, so that none of them can bind a public interface or keep a JVM alive.
 *
 * <pre>{@code
 * try (LoopbackHttpServer server = LoopbackHttpServer.builder("echo")
 *         .handle("/", exchange -> { ... })
 *         .start()) {
 *     URI uri = URI.create(server.url("/hello"));
 * }
 * }</pre>
 *
 * <p>Thread safety: a started server may be used and closed from any thread; its handlers run on the
 * server's own threads (one per request by default), so they must be thread-safe.
 */
public final class LoopbackHttpServer implements AutoCloseable {
    static {
        // Without TCP_NODELAY the JDK server's small answers wait for the client's delayed ACK (~40 ms
        // each), which makes the fake server, not the code under test, set the pace. The JDK reads this
        // property once per JVM, when its first server is made: set it before that, unless a test chose.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final String scheme;

    private LoopbackHttpServer(HttpServer server, ExecutorService executor, String scheme) {
        this.server = server;
        this.executor = executor;
        this.scheme = scheme;
    }

    /** A server named {@code name} (its threads' name) that is configured, then {@link Builder#start() started}. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** Starts a server whose {@code handler} answers every path. */
    public static LoopbackHttpServer start(String name, HttpHandler handler) {
        return builder(name).handle("/", handler).start();
    }

    /** {@code http://127.0.0.1:<port>} ({@code https://} when started with {@link Builder#https(SSLContext)}). */
    public String baseUrl() {
        return scheme + "://127.0.0.1:" + port();
    }

    /** {@code baseUrl() + path}; {@code path} starts with a slash. */
    public String url(String path) {
        return baseUrl() + path;
    }

    /** The port the server listens on. */
    public int port() {
        return server.getAddress().getPort();
    }

    /**
     * Stops accepting, drops open exchanges and ends the handler threads (interrupting the ones still
     * busy, waiting up to 5 s for them). Calling it again does nothing.
     */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Configures one server; not thread-safe, use it on one thread. */
    public static final class Builder {
        private final String name;
        private final Map<String, HttpHandler> contexts = new LinkedHashMap<>();
        private int threads;
        private int backlog = 64;
        private SSLContext tls;

        private Builder(String name) {
            this.name = Objects.requireNonNull(name, "name");
        }

        /** Answers requests whose path starts with {@code path} (longest match wins, as in {@link HttpServer}). */
        public Builder handle(String path, HttpHandler handler) {
            contexts.put(Objects.requireNonNull(path, "path"), Objects.requireNonNull(handler, "handler"));
            return this;
        }

        /**
         * A fixed number of handler threads (a sink measured under load); by default a new thread for
         * each request that finds none idle, so that a slow answer never holds up the next request.
         */
        public Builder threads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be at least 1, was " + threads);
            }
            this.threads = threads;
            return this;
        }

        /** The listen backlog (default 64): raise it for benchmarks that open many connections at once. */
        public Builder backlog(int backlog) {
            this.backlog = backlog;
            return this;
        }

        /** Serves HTTPS with the certificate of {@code context} instead of plain HTTP. */
        public Builder https(SSLContext context) {
            this.tls = Objects.requireNonNull(context, "context");
            return this;
        }

        /** Binds 127.0.0.1 on a free port and starts serving. */
        public LoopbackHttpServer start() {
            if (contexts.isEmpty()) {
                throw new IllegalStateException("no handler: call handle(path, handler) first");
            }
            HttpServer server;
            InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
            try {
                if (tls != null) {
                    HttpsServer https = HttpsServer.create(loopback, backlog);
                    https.setHttpsConfigurator(new HttpsConfigurator(tls));
                    server = https;
                } else {
                    server = HttpServer.create(loopback, backlog);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the test server '" + name + "' on 127.0.0.1", e);
            }
            ThreadFactory daemons = r -> {
                Thread t = new Thread(r, name);
                t.setDaemon(true);
                return t;
            };
            ExecutorService executor = threads > 0
                    ? Executors.newFixedThreadPool(threads, daemons)
                    : Executors.newCachedThreadPool(daemons);
            contexts.forEach(server::createContext);
            server.setExecutor(executor);
            server.start();
            return new LoopbackHttpServer(server, executor, tls != null ? "https" : "http");
        }
    }
}
