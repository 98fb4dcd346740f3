// Over 400 lines on purpose: one documented setter per client option (the README's table), each a few
// lines; the checks of the values live in internal.config, not here.
package ai.oceum;

import ai.oceum.integration.ConfigurationSource;
import ai.oceum.internal.config.ConfigSource;
import ai.oceum.internal.config.Settings;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * Builds an {@link Oceum} client. Every option not set here is read from a system property or
 * an environment variable (the property wins), then falls back to its default, so an operator can
 * change any of them without a rebuild:
 *
 * <table>
 * <caption>Options</caption>
 * <tr><th>method</th><th>environment / system property</th><th>default</th></tr>
 * <tr><td>{@link #apiKey}</td><td>{@code OCEUM_API_KEY} / {@code oceum.api.key}</td><td>required</td></tr>
 * <tr><td>{@link #agentId}</td><td>{@code OCEUM_AGENT_ID} / {@code oceum.agent.id}</td><td>required</td></tr>
 * <tr><td>{@link #baseUrl}</td><td>{@code OCEUM_BASE_URL}</td><td>{@value #DEFAULT_BASE_URL}</td></tr>
 * <tr><td>{@link #allowInsecureHttp}</td><td>{@code OCEUM_ALLOW_INSECURE_HTTP}</td><td>false</td></tr>
 * <tr><td>{@link #connectTimeout}</td><td>{@code OCEUM_CONNECT_TIMEOUT}</td><td>5 s</td></tr>
 * <tr><td>{@link #requestTimeout}</td><td>{@code OCEUM_REQUEST_TIMEOUT}</td><td>10 s</td></tr>
 * <tr><td>{@link #queueCapacity}</td><td>{@code OCEUM_QUEUE_CAPACITY}</td><td>{@value #DEFAULT_QUEUE_CAPACITY}</td></tr>
 * <tr><td>{@link #maxInFlight}</td><td>{@code OCEUM_MAX_IN_FLIGHT}</td><td>{@value #DEFAULT_MAX_IN_FLIGHT}</td></tr>
 * <tr><td>{@link #maxRetries}</td><td>{@code OCEUM_MAX_RETRIES}</td><td>{@value #DEFAULT_MAX_RETRIES}</td></tr>
 * <tr><td>{@link #retryInitialDelay}</td><td>{@code OCEUM_RETRY_INITIAL_DELAY}</td><td>1 s</td></tr>
 * <tr><td>{@link #retryMaxDelay}</td><td>{@code OCEUM_RETRY_MAX_DELAY}</td><td>30 s</td></tr>
 * <tr><td>{@link #spoolDir}</td><td>{@code OCEUM_SPOOL_DIR}</td><td>none (memory only)</td></tr>
 * <tr><td>{@link #spoolMaxBytes}</td><td>{@code OCEUM_SPOOL_MAX_BYTES}</td><td>64 MiB</td></tr>
 * <tr><td>{@link #shutdownHook}</td><td>{@code OCEUM_SHUTDOWN_HOOK}</td><td>true</td></tr>
 * <tr><td>{@link #closeTimeout}</td><td>{@code OCEUM_CLOSE_TIMEOUT}</td><td>5 s</td></tr>
 * <tr><td>{@link #heartbeatInterval}</td><td>{@code OCEUM_HEARTBEAT_INTERVAL}</td><td>60 s</td></tr>
 * </table>
 *
 * <p>Durations are written {@code 500ms}, {@code 5s}, {@code 2m} or ISO-8601 ({@code PT5S});
 * sizes {@code 1048576}, {@code 512k}, {@code 64m}. {@link #build()} fails with a message that
 * says what to fix when a value is wrong. A framework adapter feeds its own configuration in place
 * of the environment with {@link #configurationSource}.
 *
 * <p>Not thread-safe: configure it on one thread. Each {@link #build()} makes a new client from the
 * values set so far.
 */
public final class OceumBuilder {
    /** The default platform URL. */
    public static final String DEFAULT_BASE_URL = "https://oceum.ai";
    /** Default in-memory queue capacity, in events. */
    public static final int DEFAULT_QUEUE_CAPACITY = 10_000;
    /** Default number of concurrent requests. */
    public static final int DEFAULT_MAX_IN_FLIGHT = 4;
    /** Default number of retries after the first attempt (the reference SDK's). */
    public static final int DEFAULT_MAX_RETRIES = 3;

    private static final long DEFAULT_SPOOL_MAX_BYTES = 64L << 20;

    private ConfigSource config = ConfigSource.system();
    private String apiKey;
    private String agentId;
    private String baseUrl;
    private Boolean allowInsecureHttp;
    private Duration connectTimeout;
    private Duration requestTimeout;
    private Integer queueCapacity;
    private Integer maxInFlight;
    private Integer maxRetries;
    private Duration retryInitialDelay;
    private Duration retryMaxDelay;
    private Path spoolDir;
    private Long spoolMaxBytes;
    private Boolean shutdownHook;
    private Duration closeTimeout;
    private Duration heartbeatInterval;

    OceumBuilder() {}

    /** The API key (Settings → API key in Oceum). Never logged or shown in {@code toString()}. */
    public OceumBuilder apiKey(String apiKey) {
        this.apiKey = apiKey;
        return this;
    }

    /** This agent's id in the fleet, for example {@code support-triage-v2}. */
    public OceumBuilder agentId(String agentId) {
        this.agentId = agentId;
        return this;
    }

    /** The platform URL (default {@value #DEFAULT_BASE_URL}); a dev server is {@code http://127.0.0.1:PORT}. */
    public OceumBuilder baseUrl(String baseUrl) {
        this.baseUrl = baseUrl;
        return this;
    }

    /** Allows plain {@code http://} to a host that is not loopback (the key then crosses the network unencrypted). */
    public OceumBuilder allowInsecureHttp(boolean allow) {
        this.allowInsecureHttp = allow;
        return this;
    }

    /** How long to wait for a TCP connection. */
    public OceumBuilder connectTimeout(Duration timeout) {
        this.connectTimeout = timeout;
        return this;
    }

    /** How long to wait for an answer to one request. */
    public OceumBuilder requestTimeout(Duration timeout) {
        this.requestTimeout = timeout;
        return this;
    }

    /** Events held in memory while waiting to be sent; beyond it, new events are dropped (or spooled). */
    public OceumBuilder queueCapacity(int events) {
        this.queueCapacity = events;
        return this;
    }

    /** Requests on the wire at once (1 to 64). */
    public OceumBuilder maxInFlight(int requests) {
        this.maxInFlight = requests;
        return this;
    }

    /** Retries after the first attempt (0 to 10). */
    public OceumBuilder maxRetries(int retries) {
        this.maxRetries = retries;
        return this;
    }

    /** The first backoff; each retry doubles it (±20 % jitter). */
    public OceumBuilder retryInitialDelay(Duration delay) {
        this.retryInitialDelay = delay;
        return this;
    }

    /** The longest single wait, including a {@code Retry-After} Oceum asks for. */
    public OceumBuilder retryMaxDelay(Duration delay) {
        this.retryMaxDelay = delay;
        return this;
    }

    /**
     * A directory where events are written before they are sent and removed once answered: with
     * it, no event is lost when Oceum is down for long or the process is killed; the next client
     * on the same directory sends what was left.
     */
    public OceumBuilder spoolDir(Path dir) {
        this.spoolDir = dir;
        return this;
    }

    /**
     * The spool's size limit in bytes; beyond it, new events wait in the memory queue only
     * (counted in {@link OceumStats#notSpooled()}), and are dropped as {@link DropReason#SPOOL_FULL}
     * when that is full too.
     */
    public OceumBuilder spoolMaxBytes(long bytes) {
        this.spoolMaxBytes = bytes;
        return this;
    }

    /** Whether a JVM shutdown hook closes the client (flushing it) when the application did not. */
    public OceumBuilder shutdownHook(boolean install) {
        this.shutdownHook = install;
        return this;
    }

    /** How long {@link Oceum#close()} waits for queued events to be delivered. */
    public OceumBuilder closeTimeout(Duration timeout) {
        this.closeTimeout = timeout;
        return this;
    }

    /** The default interval of {@link Oceum#startHeartbeat()}. */
    public OceumBuilder heartbeatInterval(Duration interval) {
        this.heartbeatInterval = interval;
        return this;
    }

    /**
     * Whether unset options are read from system properties and environment variables (default
     * true). Turn it off where the environment must not leak in, such as tests.
     */
    public OceumBuilder readEnvironment(boolean read) {
        this.config = read ? ConfigSource.system() : new ConfigSource(k -> null, k -> null);
        return this;
    }

    /**
     * Reads unset options from {@code source} instead of system properties and the environment:
     * how a framework adapter (the Spring Boot starter) feeds its own configuration. Options set on
     * this builder still win; values are parsed as environment values are.
     */
    public OceumBuilder configurationSource(ConfigurationSource source) {
        Objects.requireNonNull(source, "source");
        this.config = ConfigSource.from(source::get);
        return this;
    }

    OceumBuilder configSource(ConfigSource source) {
        this.config = Objects.requireNonNull(source);
        return this;
    }

    ConfigSource configSource() {
        return config;
    }

    /** Whether an API key is set here or in the environment. */
    boolean hasApiKey() {
        String key = apiKey != null ? apiKey : config.get("OCEUM_API_KEY");
        return key != null && !key.isBlank();
    }

    /**
     * Builds and starts the client.
     *
     * @throws IllegalArgumentException when an option is wrong; the message says which and how to fix it
     * @throws IllegalStateException when the API key or agent id is missing everywhere
     */
    public Oceum build() {
        return new Oceum(settings());
    }

    Settings settings() {
        String key = apiKey != null ? apiKey : config.get("OCEUM_API_KEY");
        if (key == null || key.isBlank()) {
            throw new IllegalStateException("Oceum API key is missing: call apiKey(..) or set OCEUM_API_KEY "
                    + "(Oceum.fromEnv() runs disabled instead when there is none)");
        }
        key = key.strip();
        if (key.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
            throw new IllegalArgumentException("Oceum API key contains spaces or control characters: "
                    + "check for a stray newline or quote around it");
        }
        String agent = agentId != null ? agentId : config.get("OCEUM_AGENT_ID");
        if (agent == null) {
            throw new IllegalStateException("Oceum agent id is missing: call agentId(..) or set OCEUM_AGENT_ID, "
                    + "for example 'support-triage-v2'");
        }
        if (agent.isBlank() || agent.length() > 128 || agent.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("Oceum agent id '" + agent.strip()
                    + "' is not valid: it must be 1 to 128 " + "printable characters, for example 'support-triage-v2'");
        }
        boolean insecure = pick(allowInsecureHttp, config.getBoolean("OCEUM_ALLOW_INSECURE_HTTP"), false);
        URI url = parseBaseUrl(
                baseUrl != null ? baseUrl : orDefault(config.get("OCEUM_BASE_URL"), DEFAULT_BASE_URL), insecure);
        Duration retryMax = positive(
                "retryMaxDelay",
                pick(retryMaxDelay, config.getDuration("OCEUM_RETRY_MAX_DELAY"), Duration.ofSeconds(30)));
        Path spool = spoolDir != null ? spoolDir : pathOrNull(config.get("OCEUM_SPOOL_DIR"));
        return new Settings(
                key,
                agent.strip(),
                url,
                positive(
                        "connectTimeout",
                        pick(connectTimeout, config.getDuration("OCEUM_CONNECT_TIMEOUT"), Duration.ofSeconds(5))),
                positive(
                        "requestTimeout",
                        pick(requestTimeout, config.getDuration("OCEUM_REQUEST_TIMEOUT"), Duration.ofSeconds(10))),
                range(
                        "queueCapacity",
                        pick(queueCapacity, config.getInt("OCEUM_QUEUE_CAPACITY"), DEFAULT_QUEUE_CAPACITY),
                        1,
                        10_000_000),
                range(
                        "maxInFlight",
                        pick(maxInFlight, config.getInt("OCEUM_MAX_IN_FLIGHT"), DEFAULT_MAX_IN_FLIGHT),
                        1,
                        64),
                range("maxRetries", pick(maxRetries, config.getInt("OCEUM_MAX_RETRIES"), DEFAULT_MAX_RETRIES), 0, 10),
                positive(
                        "retryInitialDelay",
                        pick(
                                retryInitialDelay,
                                config.getDuration("OCEUM_RETRY_INITIAL_DELAY"),
                                Duration.ofSeconds(1))),
                retryMax,
                spool,
                atLeast(
                        "spoolMaxBytes",
                        pick(spoolMaxBytes, config.getBytes("OCEUM_SPOOL_MAX_BYTES"), DEFAULT_SPOOL_MAX_BYTES),
                        64 * 1024),
                pick(shutdownHook, config.getBoolean("OCEUM_SHUTDOWN_HOOK"), true),
                nonNegative(
                        "closeTimeout",
                        pick(closeTimeout, config.getDuration("OCEUM_CLOSE_TIMEOUT"), Duration.ofSeconds(5))),
                atLeast(
                        "heartbeatInterval",
                        pick(heartbeatInterval, config.getDuration("OCEUM_HEARTBEAT_INTERVAL"), Duration.ofSeconds(60)),
                        Duration.ofSeconds(1)));
    }

    static URI parseBaseUrl(String raw, boolean allowInsecure) {
        String s = raw.strip();
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        // Every message shows the URL without its user info: it may hold a password.
        String shown = withoutUserInfo(raw);
        URI uri;
        try {
            uri = new URI(s);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("Oceum baseUrl '" + shown + "' is not a valid URL, for example "
                    + DEFAULT_BASE_URL + " or http://127.0.0.1:8080");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            throw new IllegalArgumentException("Oceum baseUrl '" + shown
                    + "' must be an http(s) URL with a host, for example " + DEFAULT_BASE_URL);
        }
        if (uri.getQuery() != null || uri.getFragment() != null || uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException(
                    "Oceum baseUrl '" + shown + "' must not carry a query, fragment or user info");
        }
        if (scheme.equals("http") && !allowInsecure && !isLoopback(uri.getHost())) {
            throw new IllegalArgumentException(
                    "Oceum baseUrl '" + shown + "' would send the API key unencrypted: use https://,"
                            + " or allowInsecureHttp(true) / OCEUM_ALLOW_INSECURE_HTTP=true if this network is trusted");
        }
        return uri;
    }

    /**
     * The URL as a message may show it: everything between the scheme and the last {@code @}
     * (user info, which may hold a password, even one with a stray {@code /} in it) becomes
     * {@code ***}.
     */
    static String withoutUserInfo(String raw) {
        int at = raw.lastIndexOf('@');
        if (at < 0) {
            return raw;
        }
        int scheme = raw.indexOf("//");
        int from = scheme >= 0 && scheme < at ? scheme + 2 : 0;
        return raw.substring(0, from) + "***" + raw.substring(at);
    }

    /**
     * Whether plain HTTP to {@code host} stays on this machine: only {@code localhost} and IP
     * literals in 127.0.0.0/8 or {@code ::1} count. A name that merely starts with "127." (such as
     * {@code 127.0.0.1.nip.io}) may resolve anywhere, so it needs {@code allowInsecureHttp}.
     */
    static boolean isLoopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.equals("localhost")) {
            return true;
        }
        if (h.startsWith("[") && h.endsWith("]")) {
            String literal = h.substring(1, h.length() - 1);
            if (literal.isEmpty()
                    || !literal.chars().allMatch(c -> c == ':' || c == '.' || Character.digit(c, 16) >= 0)
                    || literal.indexOf(':') < 0) {
                return false;
            }
            try {
                // An IPv6 literal (it holds a ':'): parsed, never looked up.
                return java.net.InetAddress.getByName(literal).isLoopbackAddress();
            } catch (java.net.UnknownHostException notALiteral) {
                return false;
            }
        }
        String[] parts = h.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String p : parts) {
            if (p.isEmpty()
                    || p.length() > 3
                    || !p.chars().allMatch(c -> c >= '0' && c <= '9')
                    || Integer.parseInt(p) > 255) {
                return false;
            }
        }
        return parts[0].equals("127");
    }

    private static <T> T pick(T explicit, T fromConfig, T fallback) {
        return explicit != null ? explicit : fromConfig != null ? fromConfig : fallback;
    }

    private static String orDefault(String v, String d) {
        return v == null ? d : v;
    }

    private static Path pathOrNull(String v) {
        return v == null ? null : Path.of(v);
    }

    private static Duration positive(String name, Duration d) {
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("Oceum " + name + " must be positive, was " + d);
        }
        return d;
    }

    private static Duration nonNegative(String name, Duration d) {
        if (d.isNegative()) {
            throw new IllegalArgumentException("Oceum " + name + " must not be negative, was " + d);
        }
        return d;
    }

    private static Duration atLeast(String name, Duration d, Duration min) {
        if (d.compareTo(min) < 0) {
            throw new IllegalArgumentException(
                    "Oceum " + name + " must be at least " + min.toSeconds() + " s, was " + d);
        }
        return d;
    }

    private static long atLeast(String name, long v, long min) {
        if (v < min) {
            throw new IllegalArgumentException("Oceum " + name + " must be at least " + min + ", was " + v);
        }
        return v;
    }

    private static int range(String name, int v, int min, int max) {
        if (v < min || v > max) {
            throw new IllegalArgumentException(
                    "Oceum " + name + " must be between " + min + " and " + max + ", was " + v);
        }
        return v;
    }
}
