package ai.oceum.devserver;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Builds a {@link DevServer}; every setting is checked when set, with a message naming it. */
public final class DevServerBuilder {
    /** The default data directory. */
    public static final String DEFAULT_DATA_DIR = ".oceum";
    /** The default number of rows kept per history table. */
    public static final int DEFAULT_RETENTION = 100_000;
    /** The default body limit, 512 KiB (the SDK keeps events under 256 KiB). */
    public static final int DEFAULT_MAX_BODY_BYTES = 512 * 1024;

    private static final int MAX_BODY_LIMIT = 900_000;
    /** The default number of HTTP workers (started on demand). */
    public static final int DEFAULT_THREADS = 32;
    /** The default time a client may take to send a request or to take an answer. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private String host = "127.0.0.1";
    private int port;
    private Path dataDir = Path.of(DEFAULT_DATA_DIR);
    private boolean inMemory;
    private String jdbcUrl;
    private String apiKey;
    private Path priceTable;
    private BigDecimal budgetUsd;
    private ChaosSpec chaos = ChaosSpec.none();
    private int retention = DEFAULT_RETENTION;
    private int maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
    private byte[] vaultKey;
    private boolean vaultProxyAllowPrivate;
    private int threads = DEFAULT_THREADS;
    private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
    private final List<String> allowedHosts = new ArrayList<>();
    private Duration defaultHeartbeatInterval = Duration.ofSeconds(60);

    DevServerBuilder() {}

    /** The address to bind (default 127.0.0.1: only this machine can connect). */
    public DevServerBuilder host(String host) {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host must not be blank");
        }
        this.host = host.strip();
        return this;
    }

    /** The port (default 0: any free port, see {@link DevServer#port()}). */
    public DevServerBuilder port(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0 to 65535, was " + port);
        }
        this.port = port;
        return this;
    }

    /** Where the H2 database and the vault key file live (default {@value #DEFAULT_DATA_DIR}). */
    public DevServerBuilder dataDir(Path dataDir) {
        if (dataDir == null) {
            throw new IllegalArgumentException("dataDir must not be null");
        }
        this.dataDir = dataDir;
        this.inMemory = false;
        return this;
    }

    /** Keeps everything in memory (an H2 in-memory database, an ephemeral vault key): nothing on disk. */
    public DevServerBuilder inMemory() {
        this.inMemory = true;
        return this;
    }

    /** Any JDBC URL (its driver on the class path), instead of the H2 file in the data directory. */
    public DevServerBuilder jdbcUrl(String jdbcUrl) {
        if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:")) {
            throw new IllegalArgumentException(
                    "jdbcUrl must start with 'jdbc:', for example jdbc:postgresql://localhost/oceum");
        }
        this.jdbcUrl = jdbcUrl;
        return this;
    }

    /** The API key clients must send (default: a generated one, see {@link DevServer#apiKey()}). */
    public DevServerBuilder apiKey(String apiKey) {
        if (apiKey != null && (apiKey.isBlank() || apiKey.strip().length() != apiKey.length())) {
            throw new IllegalArgumentException("apiKey must not be blank or have surrounding spaces");
        }
        this.apiKey = apiKey;
        return this;
    }

    /** A price table file (.properties or .json) overriding the default prices. */
    public DevServerBuilder priceTable(Path file) {
        if (file != null && !Files.isReadable(file)) {
            throw new IllegalArgumentException("price table " + file + " does not exist or cannot be read");
        }
        this.priceTable = file;
        return this;
    }

    /** A budget cap per agent in USD (exact decimal, like every amount of money here); null for none. */
    public DevServerBuilder budgetUsd(BigDecimal budgetUsd) {
        if (budgetUsd != null && budgetUsd.signum() < 0) {
            throw new IllegalArgumentException("budgetUsd must be a number >= 0, was " + budgetUsd.toPlainString());
        }
        this.budgetUsd = budgetUsd;
        return this;
    }

    /** Fault injection (default none). */
    public DevServerBuilder chaos(ChaosSpec chaos) {
        this.chaos = chaos == null ? ChaosSpec.none() : chaos;
        return this;
    }

    /** Fault injection from a spec like {@code 429=0.2,500=0.1,latency=200ms}. */
    public DevServerBuilder chaos(String spec) {
        return chaos(ChaosSpec.parse(spec));
    }

    /** How many rows each history table keeps (default {@value #DEFAULT_RETENTION}); older ones are deleted. */
    public DevServerBuilder retention(int maxRowsPerTable) {
        if (maxRowsPerTable < 1) {
            throw new IllegalArgumentException("retention must be at least 1 row, was " + maxRowsPerTable);
        }
        this.retention = maxRowsPerTable;
        return this;
    }

    /** The largest request body (default {@value #DEFAULT_MAX_BODY_BYTES} bytes); larger ones get 413. */
    public DevServerBuilder maxBodyBytes(int bytes) {
        if (bytes < 1024 || bytes > MAX_BODY_LIMIT) {
            throw new IllegalArgumentException("maxBodyBytes must be 1024 to " + MAX_BODY_LIMIT + ", was " + bytes);
        }
        this.maxBodyBytes = bytes;
        return this;
    }

    /** The vault's AES key (16, 24 or 32 bytes) instead of the environment or key file. */
    public DevServerBuilder vaultKey(byte[] key) {
        if (key != null && key.length != 16 && key.length != 24 && key.length != 32) {
            throw new IllegalArgumentException("vaultKey must be 16, 24 or 32 bytes");
        }
        this.vaultKey = key == null ? null : key.clone();
        return this;
    }

    /** Lets the vault proxy call loopback and private addresses (default false, against SSRF). */
    public DevServerBuilder vaultProxyAllowPrivate(boolean allow) {
        this.vaultProxyAllowPrivate = allow;
        return this;
    }

    /**
     * The most requests read and handled at once (default {@value #DEFAULT_THREADS}; threads start
     * on demand and stop when idle).
     */
    public DevServerBuilder threads(int threads) {
        if (threads < 1 || threads > 256) {
            throw new IllegalArgumentException("threads must be 1 to 256, was " + threads);
        }
        this.threads = threads;
        return this;
    }

    /**
     * How long a client may take to send a request (headers and body), or to take an answer or
     * a dashboard update (default 10 s); slower connections are closed, so that a few of them
     * cannot hold the server's workers.
     */
    public DevServerBuilder requestTimeout(Duration timeout) {
        if (timeout == null || timeout.toMillis() < 100 || timeout.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new IllegalArgumentException("requestTimeout must be 100 ms to 10 minutes, was " + timeout);
        }
        this.requestTimeout = timeout;
        return this;
    }

    /**
     * Another name the server answers to, besides its address and the loopback names (for
     * example the machine's host name when bound to {@code 0.0.0.0}). Requests with any other
     * {@code Host} are refused (403), against DNS rebinding. A request arriving under such a
     * name needs the API key for the dashboard too.
     */
    public DevServerBuilder allowHost(String name) {
        String bare = name == null ? "" : name.strip().replaceAll("^\\[(.*)]$", "$1");
        boolean ipv6 = bare.matches("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");
        if (bare.isEmpty() || !(ipv6 || bare.matches("[A-Za-z0-9._-]+"))) {
            throw new IllegalArgumentException(
                    "allowHost needs a host name or address without port, was '" + name + "'");
        }
        allowedHosts.add(name.strip());
        return this;
    }

    /** The heartbeat interval assumed before an agent showed its own (default 60 s, the SDK's). */
    public DevServerBuilder defaultHeartbeatInterval(Duration interval) {
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
        String url = jdbcUrl != null
                ? jdbcUrl
                : memory
                        ? "jdbc:h2:mem:oceum-" + UUID.randomUUID()
                        : "jdbc:h2:file:" + dir.resolve("oceum").toString().replace('\\', '/');
        return new DevServer(new DevServerConfig(
                host,
                port,
                dir,
                url,
                key,
                generated,
                priceTable,
                budgetUsd,
                chaos,
                retention,
                maxBodyBytes,
                vaultKey,
                vaultProxyAllowPrivate,
                threads,
                defaultHeartbeatInterval,
                requestTimeout,
                List.copyOf(allowedHosts)));
    }
}
