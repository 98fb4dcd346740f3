package ai.oceum.devserver;

import ai.oceum.devserver.store.Database;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The dev server's settings, fixed when {@link DevServerBuilder#build()} validated them.
 * {@link #toString()} never shows the API key or the vault key.
 */
public final class DevServerConfig {
    private final String host;
    private final int port;
    private final Path dataDir;
    private final String jdbcUrl;
    private final String apiKey;
    private final boolean apiKeyGenerated;
    private final Path priceTable;
    private final BigDecimal budgetUsd;
    private final ChaosSpec chaos;
    private final int retention;
    private final int maxBodyBytes;
    private final byte[] vaultKey;
    private final boolean vaultProxyAllowPrivate;
    private final int threads;
    private final Duration defaultHeartbeatInterval;
    private final Duration requestTimeout;
    private final List<String> allowedHosts;

    DevServerConfig(
            String host,
            int port,
            Path dataDir,
            String jdbcUrl,
            String apiKey,
            boolean apiKeyGenerated,
            Path priceTable,
            BigDecimal budgetUsd,
            ChaosSpec chaos,
            int retention,
            int maxBodyBytes,
            byte[] vaultKey,
            boolean vaultProxyAllowPrivate,
            int threads,
            Duration defaultHeartbeatInterval,
            Duration requestTimeout,
            List<String> allowedHosts) {
        this.host = host;
        this.port = port;
        this.dataDir = dataDir;
        this.jdbcUrl = jdbcUrl;
        this.apiKey = apiKey;
        this.apiKeyGenerated = apiKeyGenerated;
        this.priceTable = priceTable;
        this.budgetUsd = budgetUsd;
        this.chaos = chaos;
        this.retention = retention;
        this.maxBodyBytes = maxBodyBytes;
        this.vaultKey = vaultKey;
        this.vaultProxyAllowPrivate = vaultProxyAllowPrivate;
        this.threads = threads;
        this.defaultHeartbeatInterval = defaultHeartbeatInterval;
        this.requestTimeout = requestTimeout;
        this.allowedHosts = allowedHosts;
    }

    /** The address to bind (default 127.0.0.1). */
    public String host() {
        return host;
    }

    /** The port to bind; 0 picks a free one. */
    public int port() {
        return port;
    }

    /** The data directory (database file, vault key file), or null when in memory. */
    public Path dataDir() {
        return dataDir;
    }

    /** The JDBC URL of the store. */
    public String jdbcUrl() {
        return jdbcUrl;
    }

    /** The API key clients must send. */
    public String apiKey() {
        return apiKey;
    }

    /** Whether the API key was generated (none was given). */
    public boolean apiKeyGenerated() {
        return apiKeyGenerated;
    }

    /** A price table file overriding the defaults, or null. */
    public Path priceTable() {
        return priceTable;
    }

    /** The per-agent budget cap in USD, if any. */
    public Optional<BigDecimal> budgetUsd() {
        return Optional.ofNullable(budgetUsd);
    }

    /** Fault injection. */
    public ChaosSpec chaos() {
        return chaos;
    }

    /** How many rows each history table keeps; older ones are deleted. */
    public int retention() {
        return retention;
    }

    /** The largest request body accepted. */
    public int maxBodyBytes() {
        return maxBodyBytes;
    }

    /** The vault key given to the builder, or null to use the environment or the key file. */
    byte[] vaultKey() {
        return vaultKey == null ? null : vaultKey.clone();
    }

    /** Whether the vault proxy may call loopback and private addresses. */
    public boolean vaultProxyAllowPrivate() {
        return vaultProxyAllowPrivate;
    }

    /** HTTP worker threads. */
    public int threads() {
        return threads;
    }

    /** The heartbeat interval assumed for an agent before two heartbeats showed the real one. */
    public Duration defaultHeartbeatInterval() {
        return defaultHeartbeatInterval;
    }

    /** How long a client may take to send a request or to take an answer. */
    public Duration requestTimeout() {
        return requestTimeout;
    }

    /** Names answered besides the bound address and the loopback names. */
    public List<String> allowedHosts() {
        return allowedHosts;
    }

    @Override
    public String toString() {
        return "DevServerConfig{host=" + host + ", port=" + port + ", dataDir=" + dataDir + ", jdbcUrl="
                + Database.redact(jdbcUrl)
                + ", apiKey=[redacted], priceTable=" + priceTable + ", budgetUsd="
                + (budgetUsd == null ? null : budgetUsd.toPlainString()) + ", chaos=" + chaos
                + ", retention=" + retention + ", maxBodyBytes=" + maxBodyBytes
                + ", vaultKey=" + (vaultKey == null ? "default" : "[given, " + vaultKey.length + " bytes]")
                + ", vaultProxyAllowPrivate=" + vaultProxyAllowPrivate + ", threads=" + threads + ", requestTimeout="
                + requestTimeout
                + ", allowedHosts=" + allowedHosts + '}';
    }
}
