package ai.oceum.devserver;

import ai.oceum.devserver.dashboard.Broadcaster;
import ai.oceum.devserver.dashboard.DashboardSnapshot;
import ai.oceum.devserver.dashboard.Liveness;
import ai.oceum.devserver.dashboard.TraceView;
import ai.oceum.devserver.http.ApiKeyCheck;
import ai.oceum.devserver.http.ChaosFilter;
import ai.oceum.devserver.http.HostPolicy;
import ai.oceum.devserver.http.MemoryHandler;
import ai.oceum.devserver.http.RequestDeadlines;
import ai.oceum.devserver.http.RequestGuard;
import ai.oceum.devserver.http.SnapshotHandler;
import ai.oceum.devserver.http.StaticHandler;
import ai.oceum.devserver.http.StreamHandler;
import ai.oceum.devserver.http.TraceHandler;
import ai.oceum.devserver.http.VaultListHandler;
import ai.oceum.devserver.http.WebhookHandler;
import ai.oceum.devserver.pricing.PriceTable;
import ai.oceum.devserver.processing.EventProcessor;
import ai.oceum.devserver.processing.UsageRecorder;
import ai.oceum.devserver.protocol.EnvelopeParser;
import ai.oceum.devserver.store.Store;
import ai.oceum.devserver.vault.VaultCipher;
import ai.oceum.devserver.vault.VaultKeys;
import ai.oceum.devserver.vault.VaultProxy;
import ai.oceum.devserver.vault.VaultService;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local Oceum-compatible server with a live fleet dashboard, for development and tests.
 *
 * <pre>{@code
 * try (DevServer server = DevServer.builder().inMemory().build()) {
 *     server.start();
 *     Oceum oceum = Oceum.builder().baseUrl(server.baseUrl()).apiKey(server.apiKey()).agentId("a").build();
 *     ...
 * }
 * }</pre>
 *
 * <p>It speaks {@code docs/protocol.md} ({@code POST /api/webhook}, {@code GET /api/memory},
 * {@code GET /api/vault}) in both dialects, stores through JDBC (an H2 file under
 * {@code ./.oceum} by default), and serves the dashboard at {@code /}. {@link #start()} binds
 * the port; {@link #close()} stops serving and closes the database.
 */
public final class DevServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DevServer.class);
    /** The H2 database's base name in the data directory ({@code oceum.mv.db}). */
    static final String DATABASE_NAME = "oceum";

    static {
        // The JDK server leaves Nagle's algorithm on by default; with the client's delayed ACKs
        // every keep-alive request then waits ~40 ms (measured: 83 instead of ~500 events/s).
        // Read once per JVM when the first HttpServer starts; an explicit setting wins.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final DevServerConfig config;
    // Trailing garbage after the JSON object is malformed input, not something to ignore. Money
    // is BigDecimal: written as plain decimals (0.0003276, never 3.276E-4).
    private final ObjectMapper mapper = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();
    private HttpServer http;
    private RequestDeadlines workers;
    private Store store;
    private Broadcaster broadcaster;
    private boolean started;
    private boolean closed;

    DevServer(DevServerConfig config) {
        this.config = config;
    }

    /** A new builder. */
    public static DevServerBuilder builder() {
        return new DevServerBuilder();
    }

    /**
     * Opens the database, binds the port and starts serving.
     *
     * @throws IllegalStateException when started twice, or the database or the vault key cannot be used
     * @throws UncheckedIOException when the port cannot be bound
     */
    public synchronized DevServer start() {
        if (started) {
            throw new IllegalStateException("the dev server was already started");
        }
        started = true;
        try {
            // The database file is created (owner-only) before H2 opens it only when it is the default H2 file.
            boolean h2File = config.jdbcUrl().startsWith("jdbc:h2:file:");
            DataDirectory dir = config.dataDir() == null
                    ? null
                    : DataDirectory.prepare(config.dataDir(), h2File ? DATABASE_NAME : null);
            store = Store.open(config.jdbcUrl(), config.retention());
            if (dir != null) {
                dir.restrictFiles();
            }
            PriceTable prices = config.priceTable() == null
                    ? PriceTable.defaults()
                    : PriceTable.withOverrides(config.priceTable(), mapper);
            VaultCipher cipher = new VaultCipher(
                    VaultKeys.resolve(config.vaultKey(), System.getenv(VaultKeys.ENV), config.dataDir()));
            VaultService vault = new VaultService(
                    store,
                    cipher,
                    new VaultProxy(mapper, config.vaultProxyAllowPrivate(), Duration.ofSeconds(30)),
                    System::currentTimeMillis);
            Liveness liveness = new Liveness(config.defaultHeartbeatInterval());
            // Counts stored changes: snapshots and traces carry it, so an open trace page refetches only when it moved.
            AtomicLong changes = new AtomicLong();
            DashboardSnapshot snapshot =
                    new DashboardSnapshot(store, liveness, System::currentTimeMillis, changes::get, mapper);
            TraceView traces = new TraceView(store, System::currentTimeMillis, changes::get, mapper);
            broadcaster = new Broadcaster(snapshot::build, mapper, config.requestTimeout());
            Broadcaster signal = broadcaster;
            EventProcessor processor = new EventProcessor(
                    store,
                    new UsageRecorder(store.usage(), prices, config.budgetUsd()),
                    vault,
                    liveness::startsNewRun,
                    mapper,
                    () -> {
                        changes.incrementAndGet();
                        signal.changed();
                    });
            ApiKeyCheck keys = new ApiKeyCheck(config.apiKey());
            bind(keys, processor, vault, snapshot, traces);
            log.info(
                    "Oceum dev server listening on {} (store {})",
                    baseUrl(),
                    store.db().describe());
            return this;
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private void bind(
            ApiKeyCheck keys,
            EventProcessor processor,
            VaultService vault,
            DashboardSnapshot snapshot,
            TraceView traces) {
        try {
            http = HttpServer.create(new InetSocketAddress(config.host(), config.port()), 64);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot listen on " + config.host() + ":" + config.port() + ": " + e.getMessage(), e);
        }
        InetSocketAddress bound = http.getAddress();
        RequestGuard guard = new RequestGuard(
                new HostPolicy(bound.getAddress(), config.host(), bound.getPort(), config.allowedHosts()),
                config.maxBodyBytes(),
                baseUrl(),
                mapper);
        ChaosFilter chaos = config.chaos().isActive() ? new ChaosFilter(config.chaos(), mapper) : null;
        context(
                "/api/webhook",
                new WebhookHandler(keys, new EnvelopeParser(mapper), processor, config.maxBodyBytes(), mapper),
                guard,
                chaos);
        context("/api/memory", new MemoryHandler(keys, store, mapper), guard, chaos);
        context("/api/vault", new VaultListHandler(keys, vault, mapper), guard, chaos);
        context("/api/dashboard", new SnapshotHandler(keys, snapshot, mapper), guard, null);
        context("/api/stream", new StreamHandler(keys, broadcaster, mapper), guard, null);
        context("/api/trace", new TraceHandler(keys, traces, mapper), guard, null);
        context("/", new StaticHandler(), guard, null);
        workers = new RequestDeadlines(config.threads(), config.requestTimeout());
        http.setExecutor(workers);
        http.start();
    }

    /** Every endpoint goes through the guard first (Host check, body read under the deadline), then chaos if any. */
    private void context(String path, HttpHandler handler, RequestGuard guard, ChaosFilter chaos) {
        HttpContext context = http.createContext(path, handler);
        context.getFilters().add(guard);
        if (chaos != null) {
            context.getFilters().add(chaos);
        }
    }

    /**
     * The URL clients use, for example {@code http://127.0.0.1:54321} (no trailing slash). A
     * server bound to every address ({@code 0.0.0.0}, {@code ::}) is reached on 127.0.0.1 from
     * this machine.
     */
    public String baseUrl() {
        if (http == null) {
            throw new IllegalStateException("the dev server is not started");
        }
        InetAddress bound = http.getAddress().getAddress();
        String host;
        if (bound.isAnyLocalAddress()) {
            host = "127.0.0.1";
        } else if (config.host().contains(":")) {
            host = "[" + config.host().replace("[", "").replace("]", "") + "]";
        } else {
            host = config.host();
        }
        return "http://" + host + ":" + port();
    }

    /** Whether the server listens on a loopback address only (the default): no other machine can connect. */
    public boolean isLoopback() {
        if (http == null) {
            throw new IllegalStateException("the dev server is not started");
        }
        return http.getAddress().getAddress().isLoopbackAddress();
    }

    /** The dashboard's URL: {@link #baseUrl()} with a trailing slash. */
    public String dashboardUrl() {
        return baseUrl() + "/";
    }

    /** The bound port. */
    public int port() {
        if (http == null) {
            throw new IllegalStateException("the dev server is not started");
        }
        return http.getAddress().getPort();
    }

    /** The API key clients must send (the given one, or the generated one). */
    public String apiKey() {
        return config.apiKey();
    }

    /** The settings. */
    public DevServerConfig config() {
        return config;
    }

    /** Stops serving (open dashboard streams are closed) and closes the database. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (broadcaster != null) {
            broadcaster.close();
        }
        if (http != null) {
            http.stop(0);
        }
        if (workers != null) {
            workers.close();
        }
        if (store != null) {
            store.close();
        }
    }

    @Override
    public String toString() {
        return "DevServer{" + (http == null ? "not started" : baseUrl()) + (closed ? ", closed" : "") + '}';
    }
}
