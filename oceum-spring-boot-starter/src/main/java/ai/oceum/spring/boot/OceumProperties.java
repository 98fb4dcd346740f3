// Past ~400 lines on purpose: one plain bean holds every oceum.* property (getters and setters
// are what Boot's configuration-metadata generator reads); it has no logic.
package ai.oceum.spring.boot;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.util.unit.DataSize;

/**
 * The {@code oceum.*} properties. Environment variables work through Boot's relaxed binding:
 * {@code OCEUM_API_KEY} is {@code oceum.api-key}, {@code OCEUM_SPOOL_DIR} is
 * {@code oceum.spool-dir}, and so on for every variable of {@code Oceum.builder()}.
 *
 * <p>Boot's own formats apply: durations as {@code 500ms}, {@code 5s}, {@code 2m} or ISO-8601
 * (a bare number is seconds), sizes as {@code 512KB}, {@code 64MB}. The defaults are the
 * core's; a value the core refuses stops startup with a failure analysis that names the property.
 *
 * <p>Bound once at startup; not thread-safe to change afterwards (nothing here reads it again).
 */
@ConfigurationProperties(prefix = "oceum")
public class OceumProperties {
    /** Whether Oceum is on at all; false removes every Oceum bean the starter would make. */
    private boolean enabled = true;
    /** The API key (Settings, API key in Oceum). Without it the client is disabled and the application starts. */
    private String apiKey;
    /** This agent's id in the fleet, for example support-triage-v2. Required when an API key is set. */
    private String agentId;
    /** The platform URL; a local dev server is http://127.0.0.1:PORT. */
    private String baseUrl = "https://oceum.ai";
    /** Allows plain http:// to a host that is not loopback (the key then crosses the network unencrypted). */
    private boolean allowInsecureHttp;
    /** How long to wait for a TCP connection. */
    @DurationUnit(java.time.temporal.ChronoUnit.SECONDS)
    private Duration connectTimeout = Duration.ofSeconds(5);
    /** How long to wait for an answer to one request. */
    @DurationUnit(java.time.temporal.ChronoUnit.SECONDS)
    private Duration requestTimeout = Duration.ofSeconds(10);
    /** Events held in memory while waiting to be sent; beyond it, new events are dropped (or spooled). */
    private int queueCapacity = 10_000;
    /** Requests on the wire at once (1 to 64). */
    private int maxInFlight = 4;
    /** Retries after the first attempt (0 to 10). */
    private int maxRetries = 3;
    /** The first backoff; each retry doubles it (with jitter). */
    @DurationUnit(java.time.temporal.ChronoUnit.SECONDS)
    private Duration retryInitialDelay = Duration.ofSeconds(1);
    /** The longest single wait, including a Retry-After Oceum asks for. */
    @DurationUnit(java.time.temporal.ChronoUnit.SECONDS)
    private Duration retryMaxDelay = Duration.ofSeconds(30);
    /** A directory where events wait on disk until Oceum answered: nothing is lost when Oceum is down or the process dies. */
    private Path spoolDir;
    /** The spool's size limit (at least 64KB). */
    private DataSize spoolMaxBytes = DataSize.ofMegabytes(64);
    /**
     * Whether the client installs its own JVM shutdown hook. Off by default in Spring Boot:
     * Spring's shutdown hook closes the context, which flushes and closes the client after the web
     * server stopped taking requests; a second hook would close the client before that.
     */
    private boolean shutdownHook;
    /** How long shutdown waits for queued events to be delivered. */
    @DurationUnit(java.time.temporal.ChronoUnit.SECONDS)
    private Duration closeTimeout = Duration.ofSeconds(5);

    private final Heartbeat heartbeat = new Heartbeat();
    private final Logging logging = new Logging();
    private final AgentTask agentTask = new AgentTask();
    private final LangChain4j langchain4j = new LangChain4j();
    private final Health health = new Health();
    private final Metrics metrics = new Metrics();
    private final Observation observation = new Observation();
    private final SpringAi springAi = new SpringAi();

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public String getApiKey() {
        return apiKey;
    }

    public void setApiKey(String apiKey) {
        this.apiKey = apiKey;
    }

    public String getAgentId() {
        return agentId;
    }

    public void setAgentId(String agentId) {
        this.agentId = agentId;
    }

    public String getBaseUrl() {
        return baseUrl;
    }

    public void setBaseUrl(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    public boolean isAllowInsecureHttp() {
        return allowInsecureHttp;
    }

    public void setAllowInsecureHttp(boolean allowInsecureHttp) {
        this.allowInsecureHttp = allowInsecureHttp;
    }

    public Duration getConnectTimeout() {
        return connectTimeout;
    }

    public void setConnectTimeout(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    public Duration getRequestTimeout() {
        return requestTimeout;
    }

    public void setRequestTimeout(Duration requestTimeout) {
        this.requestTimeout = requestTimeout;
    }

    public int getQueueCapacity() {
        return queueCapacity;
    }

    public void setQueueCapacity(int queueCapacity) {
        this.queueCapacity = queueCapacity;
    }

    public int getMaxInFlight() {
        return maxInFlight;
    }

    public void setMaxInFlight(int maxInFlight) {
        this.maxInFlight = maxInFlight;
    }

    public int getMaxRetries() {
        return maxRetries;
    }

    public void setMaxRetries(int maxRetries) {
        this.maxRetries = maxRetries;
    }

    public Duration getRetryInitialDelay() {
        return retryInitialDelay;
    }

    public void setRetryInitialDelay(Duration retryInitialDelay) {
        this.retryInitialDelay = retryInitialDelay;
    }

    public Duration getRetryMaxDelay() {
        return retryMaxDelay;
    }

    public void setRetryMaxDelay(Duration retryMaxDelay) {
        this.retryMaxDelay = retryMaxDelay;
    }

    public Path getSpoolDir() {
        return spoolDir;
    }

    public void setSpoolDir(Path spoolDir) {
        this.spoolDir = spoolDir;
    }

    public DataSize getSpoolMaxBytes() {
        return spoolMaxBytes;
    }

    public void setSpoolMaxBytes(DataSize spoolMaxBytes) {
        this.spoolMaxBytes = spoolMaxBytes;
    }

    public boolean isShutdownHook() {
        return shutdownHook;
    }

    public void setShutdownHook(boolean shutdownHook) {
        this.shutdownHook = shutdownHook;
    }

    public Duration getCloseTimeout() {
        return closeTimeout;
    }

    public void setCloseTimeout(Duration closeTimeout) {
        this.closeTimeout = closeTimeout;
    }

    public Heartbeat getHeartbeat() {
        return heartbeat;
    }

    public Logging getLogging() {
        return logging;
    }

    public AgentTask getAgentTask() {
        return agentTask;
    }

    public LangChain4j getLangchain4j() {
        return langchain4j;
    }

    public Health getHealth() {
        return health;
    }

    public Metrics getMetrics() {
        return metrics;
    }

    public Observation getObservation() {
        return observation;
    }

    public SpringAi getSpringAi() {
        return springAi;
    }

    /** {@code oceum.heartbeat.*}: the heartbeat started with the application. */
    public static class Heartbeat {
        /** Whether a heartbeat is sent while the application runs. */
        private boolean enabled = true;
        /** About how often (each beat is jittered by up to 10 % so that a fleet does not beat in step; at least 1s). */
        @DurationUnit(java.time.temporal.ChronoUnit.SECONDS)
        private Duration interval = Duration.ofSeconds(60);
        /** Whether the agent's status follows the application's availability (ready: idle; refusing traffic, shutting down). */
        private boolean status = true;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public Duration getInterval() {
            return interval;
        }

        public void setInterval(Duration interval) {
            this.interval = interval;
        }

        public boolean isStatus() {
            return status;
        }

        public void setStatus(boolean status) {
            this.status = status;
        }
    }

    /** {@code oceum.logging.*}: the Logback appender on the root logger. */
    public static class Logging {
        /** Whether error logs are sent to Oceum (with Logback as the backend). */
        private boolean enabled = true;
        /** The lowest level sent: TRACE, DEBUG, INFO, WARN or ERROR. */
        private String minimumLevel = "ERROR";
        /** Whether MDC entries are sent. */
        private boolean includeMdc = true;
        /** The MDC keys sent, comma-separated; empty sends every key. */
        private String mdcKeys = "";
        /** How long repeats of one error are collapsed into one event with a count; 0 turns it off. */
        private Duration floodWindow = Duration.ofSeconds(60);
        /** How many distinct errors flood control tracks at once. */
        private int floodMaxKeys = 1000;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public String getMinimumLevel() {
            return minimumLevel;
        }

        public void setMinimumLevel(String minimumLevel) {
            this.minimumLevel = minimumLevel;
        }

        public boolean isIncludeMdc() {
            return includeMdc;
        }

        public void setIncludeMdc(boolean includeMdc) {
            this.includeMdc = includeMdc;
        }

        public String getMdcKeys() {
            return mdcKeys;
        }

        public void setMdcKeys(String mdcKeys) {
            this.mdcKeys = mdcKeys;
        }

        public Duration getFloodWindow() {
            return floodWindow;
        }

        public void setFloodWindow(Duration floodWindow) {
            this.floodWindow = floodWindow;
        }

        public int getFloodMaxKeys() {
            return floodMaxKeys;
        }

        public void setFloodMaxKeys(int floodMaxKeys) {
            this.floodMaxKeys = floodMaxKeys;
        }
    }

    /** {@code oceum.agent-task.*}: {@code @AgentTask} on Spring bean methods. */
    public static class AgentTask {
        /** Whether @AgentTask methods of Spring beans are reported as tasks (steps back when the Java agent is on). */
        private boolean enabled = true;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }
    }

    /** {@code oceum.langchain4j.*}: LangChain4j models and {@code @AiService} beans. */
    public static class LangChain4j {
        /** Whether LangChain4j model calls and @AiService calls are reported. */
        private boolean enabled = true;
        /** Whether prompts, answers and tool arguments/results are sent (off: they may hold personal data). */
        private boolean includeContent;
        /** Characters kept of each content string when include-content is on. */
        private int maxContentLength = 2000;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public boolean isIncludeContent() {
            return includeContent;
        }

        public void setIncludeContent(boolean includeContent) {
            this.includeContent = includeContent;
        }

        public int getMaxContentLength() {
            return maxContentLength;
        }

        public void setMaxContentLength(int maxContentLength) {
            this.maxContentLength = maxContentLength;
        }
    }

    /** {@code oceum.health.*}: the {@code oceum} health contributor (switch: {@code management.health.oceum.enabled}). */
    public static class Health {
        /** How long deliveries may keep failing before the contributor stops showing UP (a refused key shows at once). */
        private Duration gracePeriod = Duration.ofMinutes(2);
        /**
         * The status shown when Oceum cannot be reached or refuses the key. DEGRADED is outside Boot's
         * status order, so a telemetry outage never turns the application's aggregate health DOWN (and
         * never takes instances out of a load balancer); set DOWN to make it count.
         */
        private String failureStatus = "DEGRADED";

        public Duration getGracePeriod() {
            return gracePeriod;
        }

        public void setGracePeriod(Duration gracePeriod) {
            this.gracePeriod = gracePeriod;
        }

        public String getFailureStatus() {
            return failureStatus;
        }

        public void setFailureStatus(String failureStatus) {
            this.failureStatus = failureStatus;
        }
    }

    /** {@code oceum.metrics.*}: Micrometer meters from the client's delivery counters. */
    public static class Metrics {
        /** Whether oceum.events.* counters and the queue and spool gauges are registered. */
        private boolean enabled = true;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }
    }

    /** {@code oceum.observation.*}: the Micrometer ObservationRegistry (Spring AI reports through it). */
    public static class Observation {
        /**
         * Whether Oceum hooks into Micrometer observations: an ObservationRegistry is made when Spring AI
         * is present and the application has none (without one Spring AI reports nothing), and each
         * registry is handed to the Oceum observation registrars (the Spring AI handler among them).
         */
        private boolean enabled = true;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }
    }

    /** {@code oceum.spring-ai.*}: Spring AI's ChatClient, model and tool observations. */
    public static class SpringAi {
        /** Whether Spring AI ChatClient calls (tasks), model calls (usage) and tool calls are reported. */
        private boolean enabled = true;
        /** Whether prompts, answers and tool arguments/results are sent (off: they may hold personal data). */
        private boolean includeContent;
        /** Characters kept of each content string when include-content is on. */
        private int maxContentLength = 2000;
        /**
         * When a ChatClient call made outside any task is named by its @AgentTask caller (a stack
         * walk): auto (the first calls and a sample, then every call once one is found), always, off.
         */
        private String agentTaskNaming = "auto";

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public boolean isIncludeContent() {
            return includeContent;
        }

        public void setIncludeContent(boolean includeContent) {
            this.includeContent = includeContent;
        }

        public int getMaxContentLength() {
            return maxContentLength;
        }

        public void setMaxContentLength(int maxContentLength) {
            this.maxContentLength = maxContentLength;
        }

        public String getAgentTaskNaming() {
            return agentTaskNaming;
        }

        public void setAgentTaskNaming(String agentTaskNaming) {
            this.agentTaskNaming = agentTaskNaming;
        }
    }
}
