package ai.oceum.devserver;

import ai.oceum.devserver.dashboard.Broadcaster;
import ai.oceum.devserver.dashboard.DashboardSnapshot;
import ai.oceum.devserver.dashboard.Liveness;
import ai.oceum.devserver.http.ApiKeyCheck;
import ai.oceum.devserver.http.ChaosFilter;
import ai.oceum.devserver.http.MemoryHandler;
import ai.oceum.devserver.http.SnapshotHandler;
import ai.oceum.devserver.http.StaticHandler;
import ai.oceum.devserver.http.StreamHandler;
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
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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

    static {
        // The JDK server leaves Nagle's algorithm on by default; with the client's delayed ACKs
        // every keep-alive request then waits ~40 ms (measured: 83 instead of ~500 events/s).
        // Read once per JVM when the first HttpServer starts; an explicit setting wins.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final DevServerConfig config;
    private final ObjectMapper mapper = new ObjectMapper();
    private HttpServer http;
    private ExecutorService workers;
    private Store store;
    private Broadcaster broadcaster;
    private boolean started;
    private boolean closed;

    private DevServer(DevServerConfig config) {
        this.config = config;
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
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
            store = Store.open(config.jdbcUrl(), config.retention());
            PriceTable prices = config.priceTable() == null ? PriceTable.defaults() : PriceTable.withOverrides(config.priceTable(), mapper);
            VaultCipher cipher = new VaultCipher(VaultKeys.resolve(config.vaultKey(), System.getenv(VaultKeys.ENV), config.dataDir()));
            VaultService vault = new VaultService(store, cipher, new VaultProxy(mapper, config.vaultProxyAllowPrivate(),
                    Duration.ofSeconds(30)), System::currentTimeMillis);
            DashboardSnapshot snapshot = new DashboardSnapshot(store, new Liveness(config.defaultHeartbeatInterval()),
                    System::currentTimeMillis);
            broadcaster = new Broadcaster(snapshot::build, mapper);
            EventProcessor processor = new EventProcessor(store, new UsageRecorder(store.usage(), prices, config.budgetUsd()),
                    vault, mapper, broadcaster::changed);
            ApiKeyCheck keys = new ApiKeyCheck(config.apiKey());
            bind(keys, processor, vault, snapshot);
            log.info("Oceum dev server listening on {} (store {})", baseUrl(), store.db().describe());
            return this;
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private void bind(ApiKeyCheck keys, EventProcessor processor, VaultService vault, DashboardSnapshot snapshot) {
        try {
            http = HttpServer.create(new InetSocketAddress(config.host(), config.port()), 64);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + config.host() + ":" + config.port() + ": " + e.getMessage(), e);
        }
        ChaosFilter chaos = new ChaosFilter(config.chaos(), mapper);
        api("/api/webhook", new WebhookHandler(keys, new EnvelopeParser(mapper), processor, config.maxBodyBytes(), mapper), chaos);
        api("/api/memory", new MemoryHandler(keys, store, mapper), chaos);
        api("/api/vault", new VaultListHandler(keys, vault, mapper), chaos);
        http.createContext("/api/dashboard", new SnapshotHandler(keys, snapshot, mapper));
        http.createContext("/api/stream", new StreamHandler(keys, broadcaster, mapper));
        http.createContext("/", new StaticHandler());
        AtomicInteger n = new AtomicInteger();
        workers = new ThreadPoolExecutor(config.threads(), config.threads(), 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "oceum-devserver-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        http.setExecutor(workers);
        http.start();
    }

    private void api(String path, HttpHandler handler, ChaosFilter chaos) {
        HttpContext context = http.createContext(path, handler);
        if (config.chaos().isActive()) {
            context.getFilters().add(chaos);
        }
    }

    /** The URL clients use, for example {@code http://127.0.0.1:54321} (no trailing slash). */
    public String baseUrl() {
        if (http == null) {
            throw new IllegalStateException("the dev server is not started");
        }
        String host = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
        if (host.equals("0.0.0.0")) {
            host = "127.0.0.1";
        }
        return "http://" + host + ":" + port();
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
            workers.shutdownNow();
        }
        if (store != null) {
            store.close();
        }
    }

    @Override
    public String toString() {
        return "DevServer{" + (http == null ? "not started" : baseUrl()) + (closed ? ", closed" : "") + '}';
    }

    /** Builds a {@link DevServer}; every setting is checked when set, with a message naming it. */
    public static final class Builder {
        /** The default data directory. */
        public static final String DEFAULT_DATA_DIR = ".oceum";
        /** The default number of rows kept per history table. */
        public static final int DEFAULT_RETENTION = 100_000;
        /** The default body limit, 512 KiB (the SDK keeps events under 256 KiB). */
        public static final int DEFAULT_MAX_BODY_BYTES = 512 * 1024;
        private static final int MAX_BODY_LIMIT = 900_000;

        private String host = "127.0.0.1";
        private int port;
        private Path dataDir = Path.of(DEFAULT_DATA_DIR);
        private boolean inMemory;
        private String jdbcUrl;
        private String apiKey;
        private Path priceTable;
        private Double budgetUsd;
        private ChaosSpec chaos = ChaosSpec.none();
        private int retention = DEFAULT_RETENTION;
        private int maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
        private byte[] vaultKey;
        private boolean vaultProxyAllowPrivate;
        private int threads = 8;
        private Duration defaultHeartbeatInterval = Duration.ofSeconds(60);

        private Builder() {
        }

        /** The address to bind (default 127.0.0.1: only this machine can connect). */
        public Builder host(String host) {
            if (host == null || host.isBlank()) {
                throw new IllegalArgumentException("host must not be blank");
            }
            this.host = host.strip();
            return this;
        }

        /** The port (default 0: any free port, see {@link DevServer#port()}). */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0 to 65535, was " + port);
            }
            this.port = port;
            return this;
        }

        /** Where the H2 database and the vault key file live (default {@value #DEFAULT_DATA_DIR}). */
        public Builder dataDir(Path dataDir) {
            if (dataDir == null) {
                throw new IllegalArgumentException("dataDir must not be null");
            }
            this.dataDir = dataDir;
            this.inMemory = false;
            return this;
        }

        /** Keeps everything in memory (an H2 in-memory database, an ephemeral vault key): nothing on disk. */
        public Builder inMemory() {
            this.inMemory = true;
            return this;
        }

        /** Any JDBC URL (its driver on the class path), instead of the H2 file in the data directory. */
        public Builder jdbcUrl(String jdbcUrl) {
            if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:")) {
                throw new IllegalArgumentException("jdbcUrl must start with 'jdbc:', for example jdbc:postgresql://localhost/oceum");
            }
            this.jdbcUrl = jdbcUrl;
            return this;
        }

        /** The API key clients must send (default: a generated one, see {@link DevServer#apiKey()}). */
        public Builder apiKey(String apiKey) {
            if (apiKey != null && (apiKey.isBlank() || apiKey.strip().length() != apiKey.length())) {
                throw new IllegalArgumentException("apiKey must not be blank or have surrounding spaces");
            }
            this.apiKey = apiKey;
            return this;
        }

        /** A price table file (.properties or .json) overriding the default prices. */
        public Builder priceTable(Path file) {
            if (file != null && !Files.isReadable(file)) {
                throw new IllegalArgumentException("price table " + file + " does not exist or cannot be read");
            }
            this.priceTable = file;
            return this;
        }

        /** A budget cap per agent in USD; null for none. */
        public Builder budgetUsd(Double budgetUsd) {
            if (budgetUsd != null && !(budgetUsd >= 0 && Double.isFinite(budgetUsd))) {
                throw new IllegalArgumentException("budgetUsd must be a number >= 0, was " + budgetUsd);
            }
            this.budgetUsd = budgetUsd;
            return this;
        }

        /** Fault injection (default none). */
        public Builder chaos(ChaosSpec chaos) {
            this.chaos = chaos == null ? ChaosSpec.none() : chaos;
            return this;
        }

        /** Fault injection from a spec like {@code 429=0.2,500=0.1,latency=200ms}. */
        public Builder chaos(String spec) {
            return chaos(ChaosSpec.parse(spec));
        }

        /** How many rows each history table keeps (default {@value #DEFAULT_RETENTION}); older ones are deleted. */
        public Builder retention(int maxRowsPerTable) {
            if (maxRowsPerTable < 1) {
                throw new IllegalArgumentException("retention must be at least 1 row, was " + maxRowsPerTable);
            }
            this.retention = maxRowsPerTable;
            return this;
        }

        /** The largest request body (default {@value #DEFAULT_MAX_BODY_BYTES} bytes); larger ones get 413. */
        public Builder maxBodyBytes(int bytes) {
            if (bytes < 1024 || bytes > MAX_BODY_LIMIT) {
                throw new IllegalArgumentException("maxBodyBytes must be 1024 to " + MAX_BODY_LIMIT + ", was " + bytes);
            }
            this.maxBodyBytes = bytes;
            return this;
        }

        /** The vault's AES key (16, 24 or 32 bytes) instead of the environment or key file. */
        public Builder vaultKey(byte[] key) {
            if (key != null && key.length != 16 && key.length != 24 && key.length != 32) {
                throw new IllegalArgumentException("vaultKey must be 16, 24 or 32 bytes");
            }
            this.vaultKey = key == null ? null : key.clone();
            return this;
        }

        /** Lets the vault proxy call loopback and private addresses (default false, against SSRF). */
        public Builder vaultProxyAllowPrivate(boolean allow) {
            this.vaultProxyAllowPrivate = allow;
            return this;
        }

        /** HTTP worker threads (default 8). */
        public Builder threads(int threads) {
            if (threads < 1 || threads > 64) {
                throw new IllegalArgumentException("threads must be 1 to 64, was " + threads);
            }
            this.threads = threads;
            return this;
        }

        /** The heartbeat interval assumed before an agent showed its own (default 60 s, the SDK's). */
        public Builder defaultHeartbeatInterval(Duration interval) {
            if (interval == null || interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("defaultHeartbeatInterval must be positive");
            }
            this.defaultHeartbeatInterval = interval;
            return this;
        }

        /** The server (not started). */
        public DevServer build() {
            boolean generated = apiKey == null;
            String key = generated ? ApiKeys.generate() : apiKey;
            boolean memory = inMemory || jdbcUrl != null && jdbcUrl.startsWith("jdbc:h2:mem:");
            Path dir = memory ? null : dataDir.toAbsolutePath().normalize();
            String url = jdbcUrl != null ? jdbcUrl
                    : memory ? "jdbc:h2:mem:oceum-" + java.util.UUID.randomUUID()
                    : "jdbc:h2:file:" + dir.resolve("oceum").toString().replace('\\', '/');
            if (dir != null) {
                try {
                    Files.createDirectories(dir);
                } catch (IOException e) {
                    throw new IllegalArgumentException("cannot create the data directory " + dir + ": " + e.getMessage(), e);
                }
            }
            return new DevServer(new DevServerConfig(host, port, dir, url, key, generated, priceTable, budgetUsd, chaos, retention,
                    maxBodyBytes, vaultKey, vaultProxyAllowPrivate, threads, defaultHeartbeatInterval));
        }
    }
}
