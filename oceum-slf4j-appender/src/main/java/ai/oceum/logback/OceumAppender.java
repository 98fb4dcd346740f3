// Over 400 lines: Joran configures an appender through setters, so its twelve properties with
// their Javadoc and validation take a third of the file; the life cycle and append() are one job.
package ai.oceum.logback;

import ai.oceum.Oceum;
import ai.oceum.OceumStats;
import ai.oceum.integration.ConfigurationSource;
import ai.oceum.integration.DeferredError;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * A Logback appender that sends error logs to Oceum as {@code error} events.
 *
 * <pre>{@code
 * <appender name="OCEUM" class="ai.oceum.logback.OceumAppender">
 *   <agentId>support-triage-v2</agentId>
 *   <minimumLevel>ERROR</minimumLevel>
 * </appender>
 * <root level="INFO"><appender-ref ref="OCEUM"/></root>
 * }</pre>
 *
 * <p><b>The API key stays out of {@code logback.xml}.</b> The appender reads {@code OCEUM_API_KEY}
 * (or {@code -Doceum.api.key}) itself. Joran records every value it substitutes in its status
 * list ({@code value "..." substituted for "${OCEUM_API_KEY}"}), which Logback prints at startup
 * on any configuration warning and as it goes with {@code debug="true"}. An {@code <apiKey>}
 * given anyway still works, with a status warning; the key is then taken out of the statuses
 * kept so far ({@link StatusRedaction}).
 *
 * <p><b>Client.</b> By default the appender builds its own client from {@code apiKey},
 * {@code agentId} and {@code baseUrl} (each falling back to {@code OCEUM_API_KEY},
 * {@code OCEUM_AGENT_ID}, {@code OCEUM_BASE_URL} and the other variables of
 * {@link ai.oceum.OceumBuilder} when absent or left as an undefined {@code ${VAR}}), and closes it
 * at {@link #stop()}. With {@code useGlobalClient=true} it reports through
 * {@link Oceum#global()} instead (the client the application registered with
 * {@link Oceum#setGlobal}), and {@link #setClient} hands it a client in programmatic
 * configuration; a shared client is flushed at stop, never closed. Without an API key the appender
 * starts disabled, with one status warning.
 *
 * <p><b>Threading.</b> {@link #append} runs on the logging thread: it takes the event's raw parts
 * (references, see {@code LoggedError}) and enqueues them in the core, which builds the report
 * and sends it from its own thread; it never waits on the
 * network and never throws (problems go to Logback's status manager). An error logged inside an
 * open {@link ai.oceum.TaskScope} carries that task. Attach this appender directly to loggers
 * rather than behind an {@code AsyncAppender}: it is asynchronous already, and behind another
 * thread the task of the logging thread is no longer known.
 *
 * <p><b>No recursion.</b> Events of the SDK's own loggers ({@code ai.oceum} and below), events
 * logged on the SDK's threads, and events logged while an Oceum appender is already working on
 * the same thread are never sent; they are counted in {@link Stats#recursionBlocked()}.
 *
 * <p><b>Flood control.</b> Repeats of one error (same logger, message template, exception type and
 * throwing frame) within {@code floodWindow} are counted instead of sent: the first goes out at
 * once, and when the window closes one summary event carries {@code meta.suppressedCount}.
 * Documented in {@code docs/logging.md}.
 */
public class OceumAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {
    /** Default {@code minimumLevel}. */
    public static final String DEFAULT_MINIMUM_LEVEL = "ERROR";
    /** Default {@code floodWindow}. */
    public static final String DEFAULT_FLOOD_WINDOW = "60s";
    /** Default {@code floodMaxKeys}. */
    public static final int DEFAULT_FLOOD_MAX_KEYS = 1_000;
    /** Default {@code flushTimeout}. */
    public static final String DEFAULT_FLUSH_TIMEOUT = "5s";

    private static final String SDK_LOGGER = "ai.oceum";

    /**
     * How many Oceum appenders are working on this thread, shared by every instance: whatever is
     * logged while one of them works (a failing {@code toString()}, a warning of the core) must
     * not come back in as an error to send. An array so that the hot path does not allocate.
     */
    private static final ThreadLocal<int[]> APPENDING = ThreadLocal.withInitial(() -> new int[1]);

    // ---- configuration, set by Joran before start()
    private String apiKey;
    private String agentId;
    private String baseUrl;
    private boolean useGlobalClient;
    private Oceum client;
    private String minimumLevel = DEFAULT_MINIMUM_LEVEL;
    private boolean includeMdc = true;
    private String mdcKeys = "";
    private String floodWindow = DEFAULT_FLOOD_WINDOW;
    private int floodMaxKeys = DEFAULT_FLOOD_MAX_KEYS;
    private String flushTimeout = DEFAULT_FLUSH_TIMEOUT;

    // ---- running state, published to logging threads by the volatile write of 'started'
    private int threshold = Level.ERROR_INT;
    private ClientSource source = ClientSource.none();
    private LogEventMapper mapper = new LogEventMapper(true, Set.of());
    private FloodGate gate;
    private ScheduledExecutorService timer;
    private Duration flushDeadline = Duration.ofSeconds(5);

    private final LongAdder handed = new LongAdder();
    private final LongAdder recursionBlocked = new LongAdder();
    private final LongAdder skippedDisabled = new LongAdder();
    private final AtomicLong failures = new AtomicLong();

    /** An appender configured by Joran (or by the setters, then {@link #start()}). */
    public OceumAppender() {
        // Configured through setters, as Logback components are.
    }

    // ------------------------------------------------------------------ life cycle

    /**
     * Validates the configuration and connects the client. Problems are reported as Logback status
     * messages saying what to change; a wrong value leaves the appender stopped, a missing API key
     * starts it disabled. Never throws.
     */
    @Override
    public void start() {
        if (isStarted()) {
            return;
        }
        warnAboutKeyInConfiguration();
        Level level = Level.toLevel(minimumLevel, null);
        if (level == null) {
            addError(prefix() + "minimumLevel '" + minimumLevel
                    + "' is not a level: use TRACE, DEBUG, INFO, WARN or ERROR");
            return;
        }
        Duration window = duration("floodWindow", floodWindow);
        Duration flush = duration("flushTimeout", flushTimeout);
        if (window == null || flush == null) {
            return;
        }
        if (floodMaxKeys < 1) {
            addError(prefix() + "floodMaxKeys must be at least 1, was " + floodMaxKeys
                    + "; to turn flood control off set floodWindow to 0");
            return;
        }
        ClientSource opened = openClient();
        if (opened == null) {
            return;
        }
        threshold = level.toInt();
        mapper = new LogEventMapper(includeMdc, keys(mdcKeys));
        flushDeadline = flush;
        source = opened;
        gate = null;
        if (!window.isZero() && opened != ClientSource.none()) {
            startFloodControl(window);
        }
        super.start();
    }

    /**
     * A key in the configuration is printed by Logback itself (see the class comment). Redact it
     * first: the warning makes Logback print the whole status list at startup.
     */
    private void warnAboutKeyInConfiguration() {
        if (apiKey == null || apiKey.isBlank()) {
            return;
        }
        if (!apiKey.endsWith("_IS_UNDEFINED") && getContext() != null) {
            StatusRedaction.redact(getContext().getStatusManager(), apiKey.strip());
        }
        addWarn(prefix() + "remove <apiKey> from the configuration and set the OCEUM_API_KEY environment variable "
                + "(or -Doceum.api.key): the appender reads it itself. Logback prints every value it substitutes, "
                + "${OCEUM_API_KEY} included, in its status output (on any configuration warning, and with "
                + "debug=\"true\"), and a key written in logback.xml travels with the file");
    }

    private ClientSource openClient() {
        boolean ownSettings = apiKey != null || agentId != null || baseUrl != null;
        if (client != null || useGlobalClient) {
            if (ownSettings) {
                addWarn(prefix()
                        + "apiKey, agentId and baseUrl are ignored: the appender uses the application's client");
            }
            return client != null ? ClientSource.shared(client) : ClientSource.global();
        }
        String key = defined("apiKey", apiKey);
        if (key == null && !ConfigurationSource.system().isConfigured()) {
            addWarn(prefix() + "no Oceum API key, so nothing is sent to Oceum. Set the OCEUM_API_KEY environment "
                    + "variable (or -Doceum.api.key), or set <useGlobalClient>true</useGlobalClient> to share the "
                    + "application's client");
            return ClientSource.none();
        }
        try {
            return ClientSource.owned(Oceum.builder()
                    .apiKey(key)
                    .agentId(defined("agentId", agentId))
                    .baseUrl(defined("baseUrl", baseUrl))
                    .build());
        } catch (RuntimeException e) {
            // The builder's messages say what is wrong and how to fix it, never with the key in them.
            addError(prefix() + e.getMessage() + " (set it in this appender's configuration or the environment)");
            return null;
        }
    }

    private void startFloodControl(Duration window) {
        FloodGate g = new FloodGate(window.toNanos(), floodMaxKeys, this::sendSummary, System::nanoTime);
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "oceum-logback-flood-" + getName());
            thread.setDaemon(true);
            return thread;
        });
        // A quarter of the window: a summary goes out at most 25 % after its window closed.
        long tick = Math.max(10, Math.min(1000, window.toMillis() / 4));
        t.scheduleWithFixedDelay(
                () -> {
                    try {
                        g.sweep();
                    } catch (RuntimeException e) {
                        fail(e);
                    }
                },
                tick,
                tick,
                TimeUnit.MILLISECONDS);
        gate = g;
        timer = t;
    }

    /**
     * Stops taking events, sends the counts of open flood-control windows, then delivers what is
     * queued within {@code flushTimeout}: a client the appender built is closed, a shared one only
     * flushed. Never throws.
     */
    @Override
    public void stop() {
        if (!isStarted()) {
            return;
        }
        super.stop();
        try {
            if (timer != null) {
                timer.shutdownNow();
            }
            if (gate != null) {
                gate.closeAll();
            }
            Oceum c = source instanceof ClientSource.Owned owned ? owned.client() : null;
            source.release(flushDeadline);
            addInfo(prefix() + "stopped: " + stats() + (c == null ? "" : ", client " + summary(c.stats())));
        } catch (RuntimeException e) {
            addWarn(prefix() + "could not flush to Oceum at stop", e);
        } finally {
            source = ClientSource.none();
            timer = null;
            // The closed gate stays, so that stats() still tells what happened; start() makes a new one.
        }
    }

    // ------------------------------------------------------------------ appending

    @Override
    protected void append(ILoggingEvent event) {
        if (event.getLevel().toInt() < threshold) {
            return;
        }
        int[] depth = APPENDING.get();
        if (depth[0] > 0 || Oceum.isReporterThread() || isSdkLogger(event.getLoggerName())) {
            recursionBlocked.increment();
            return;
        }
        depth[0]++;
        try {
            Oceum c = source.current();
            if (c == null || !c.isEnabled()) {
                skippedDisabled.increment();
                return;
            }
            FloodGate g = gate;
            if (g != null && !g.admit(FloodKey.of(event), event)) {
                return;
            }
            // The report is built on the core's sender thread from the parts taken here.
            DeferredError.report(c, event.getTimeStamp(), mapper.capture(event, mdcAvailable()));
            handed.increment();
        } catch (Throwable t) {
            fail(t);
        } finally {
            depth[0]--;
        }
    }

    /** Sends a closed flood-control window's count (on the timer, a logging thread, or the stopping thread). */
    private void sendSummary(FloodGate.Summary summary) {
        int[] depth = APPENDING.get();
        depth[0]++;
        try {
            Oceum c = source.current();
            if (c == null || !c.isEnabled()) {
                skippedDisabled.increment();
                return;
            }
            c.error(mapper.toSummaryReport(summary));
        } catch (Throwable t) {
            fail(t);
        } finally {
            depth[0]--;
        }
    }

    private static boolean isSdkLogger(String name) {
        return name != null
                && name.startsWith(SDK_LOGGER)
                && (name.length() == SDK_LOGGER.length() || name.charAt(SDK_LOGGER.length()) == '.');
    }

    private void fail(Throwable t) {
        // The JVM itself is failing: that is not ours to hide. Anything else, stack overflow
        // included, stays in the appender: the application's log call must return normally.
        if (t instanceof VirtualMachineError && !(t instanceof StackOverflowError)) {
            throw (VirtualMachineError) t;
        }
        long n = failures.incrementAndGet();
        if (n <= 3 || n % 1000 == 0) {
            addError(
                    prefix() + "could not report a log event to Oceum (" + n + " failures so far); logging goes on", t);
        }
    }

    // ------------------------------------------------------------------ statistics

    /**
     * What this appender did with the events it saw at or above {@code minimumLevel}.
     *
     * @param handed events handed to the client (delivery is counted by {@link Oceum#stats()})
     * @param suppressed repeats counted by flood control instead of sent
     * @param summaries flood-control summary events (each carries a {@code suppressedCount})
     * @param untracked events sent without flood control because {@code floodMaxKeys} windows were open
     * @param recursionBlocked events refused to avoid recursion (SDK loggers, SDK threads, nested logging)
     * @param skippedDisabled events not sent because the appender has no enabled client
     * @param failures events lost to an unexpected error inside the appender (reported as status errors)
     */
    public record Stats(
            long handed,
            long suppressed,
            long summaries,
            long untracked,
            long recursionBlocked,
            long skippedDisabled,
            long failures) {}

    /** A snapshot of this appender's counters. */
    public Stats stats() {
        FloodGate g = gate;
        return new Stats(
                handed.sum(),
                g == null ? 0 : g.suppressed(),
                g == null ? 0 : g.summaries(),
                g == null ? 0 : g.untracked(),
                recursionBlocked.sum(),
                skippedDisabled.sum(),
                failures.get());
    }

    /** Whether the appender is started with a client to report through (false when it has no API key). */
    public boolean isEnabled() {
        return isStarted() && source != ClientSource.none();
    }

    /** The client events go to now, or null (tests). */
    Oceum currentClient() {
        return source.current();
    }

    private static String summary(OceumStats s) {
        return "sent " + s.sent() + ", queued " + s.queued() + ", dropped " + s.droppedTotal()
                + (s.droppedTotal() == 0 ? "" : " " + s.dropped());
    }

    // ------------------------------------------------------------------ configuration helpers

    private String prefix() {
        return "OceumAppender [" + getName() + "]: ";
    }

    /**
     * The value, or null when it is absent or an unresolved variable: Joran leaves an undefined
     * {@code ${OCEUM_API_KEY}} as {@code OCEUM_API_KEY_IS_UNDEFINED}, which must not be sent as a key.
     */
    private String defined(String property, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (value.endsWith("_IS_UNDEFINED") || value.contains("${")) {
            addInfo(prefix() + property
                    + " refers to an undefined variable; the environment / system property is used instead");
            return null;
        }
        return value.strip();
    }

    private Duration duration(String property, String value) {
        String v = value == null ? "" : value.strip();
        try {
            return nonNegative(ConfigurationSource.parseDuration(property, v));
        } catch (IllegalArgumentException notOurs) {
            try {
                // Logback's own spelling, as in its other components: "30 seconds", "2 minutes".
                return nonNegative(Duration.ofMillis(
                        ch.qos.logback.core.util.Duration.valueOf(v).getMilliseconds()));
            } catch (RuntimeException e) {
                addError(prefix() + property + " '" + value
                        + "' is not a duration: write it as 500ms, 30s, 2m, PT30S or "
                        + "'30 seconds' (0 turns flood control off)");
                return null;
            }
        }
    }

    private static Duration nonNegative(Duration d) {
        if (d.isNegative()) {
            throw new IllegalArgumentException("negative");
        }
        return d;
    }

    private static Set<String> keys(String csv) {
        Set<String> out = new LinkedHashSet<>();
        for (String k : csv.split(",")) {
            if (!k.isBlank()) {
                out.add(k.strip());
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ properties

    /**
     * The Oceum API key; absent or an undefined {@code ${VAR}} means {@code OCEUM_API_KEY}. Leave it
     * out of {@code logback.xml} (see the class comment): given there, it works but draws a status
     * warning. Never logged by the appender.
     */
    public void setApiKey(String apiKey) {
        this.apiKey = apiKey;
    }

    /** This agent's id; absent or an undefined {@code ${VAR}} means {@code OCEUM_AGENT_ID}. */
    public void setAgentId(String agentId) {
        this.agentId = agentId;
    }

    /** The platform URL; absent or an undefined {@code ${VAR}} means {@code OCEUM_BASE_URL}, else https://oceum.ai. */
    public void setBaseUrl(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** Report through {@link Oceum#global()} (the client the application set) instead of building one (default false). */
    public void setUseGlobalClient(boolean useGlobalClient) {
        this.useGlobalClient = useGlobalClient;
    }

    /** Report through this client (programmatic configuration); it is flushed at stop, never closed. */
    public void setClient(Oceum client) {
        this.client = client;
    }

    /** The lowest level sent (default {@value #DEFAULT_MINIMUM_LEVEL}). */
    public void setMinimumLevel(String minimumLevel) {
        if (minimumLevel != null) {
            this.minimumLevel = minimumLevel.strip();
        }
    }

    /** The lowest level sent. */
    public String getMinimumLevel() {
        return minimumLevel;
    }

    /** Whether MDC entries are sent (default true). */
    public void setIncludeMdc(boolean includeMdc) {
        this.includeMdc = includeMdc;
    }

    /** The MDC keys sent, comma-separated; empty (the default) sends every key. */
    public void setMdcKeys(String mdcKeys) {
        this.mdcKeys = mdcKeys == null ? "" : mdcKeys;
    }

    /** How long repeats of one error are collapsed (default {@value #DEFAULT_FLOOD_WINDOW}; 0 turns flood control off). */
    public void setFloodWindow(String floodWindow) {
        if (floodWindow != null) {
            this.floodWindow = floodWindow;
        }
    }

    /** How many distinct errors flood control tracks at once (default {@value #DEFAULT_FLOOD_MAX_KEYS}). */
    public void setFloodMaxKeys(int floodMaxKeys) {
        this.floodMaxKeys = floodMaxKeys;
    }

    /** How long {@link #stop()} waits for queued events to be delivered (default {@value #DEFAULT_FLUSH_TIMEOUT}). */
    public void setFlushTimeout(String flushTimeout) {
        if (flushTimeout != null) {
            this.flushTimeout = flushTimeout;
        }
    }

    /** Whether this appender's context can read the MDC (one made by hand has no MDC adapter). */
    private boolean mdcAvailable() {
        return !(getContext() instanceof LoggerContext loggerContext) || loggerContext.getMDCAdapter() != null;
    }
}
