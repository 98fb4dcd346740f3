package ai.oceum.bench.logging;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.joran.spi.JoranException;
import ch.qos.logback.core.status.Status;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One {@code logback.xml} per compared appender, each loaded by {@link JoranConfigurator} into a
 * {@link LoggerContext} of its own, exactly as Logback reads a configuration file. Everything but
 * the appender element is the same: root at {@code INFO}, one appender attached to the root.
 */
public enum LogbackVariant {
    /** The baseline: {@link NoopAppender}. */
    NONE("""
            <appender name="APP" class="ai.oceum.bench.logging.NoopAppender"/>
            """),
    /** The second baseline: {@link FormatOnlyAppender}, which formats the message and stops. */
    FORMAT("""
            <appender name="APP" class="ai.oceum.bench.logging.FormatOnlyAppender"/>
            """),
    /**
     * The Oceum appender with its defaults (flood control on: 60 s window, 1000 keys), its own
     * client pointed at {@code ${url}}. {@code flushTimeout} 0: an iteration's end does not wait
     * for the queue, whose left-overs are dropped and counted at {@code stop()}.
     */
    OCEUM("""
            <appender name="APP" class="ai.oceum.logback.OceumAppender">
              <apiKey>bench-key</apiKey>
              <agentId>bench-agent</agentId>
              <baseUrl>${url}</baseUrl>
              <flushTimeout>0s</flushTimeout>
            </appender>
            """),
    /**
     * sentry-logback's appender with its defaults (events from {@code ERROR}, breadcrumbs from
     * {@code INFO}), its DSN at {@code ${url}}, a closed loopback port.
     */
    SENTRY("""
            <appender name="APP" class="io.sentry.logback.SentryAppender">
              <options>
                <dsn>${url}</dsn>
              </options>
            </appender>
            """);

    private final String appender;

    LogbackVariant(String appender) {
        this.appender = appender;
    }

    /** The variant named by the benchmark's {@code appender} parameter. */
    public static LogbackVariant named(String name) {
        return valueOf(name.toUpperCase(java.util.Locale.ROOT));
    }

    /** The whole configuration file, with {@code ${url}} left for Joran to substitute. */
    public String xml() {
        return "<configuration>\n" + appender.indent(2)
                + "  <root level=\"INFO\"><appender-ref ref=\"APP\"/></root>\n</configuration>\n";
    }

    /**
     * A started context configured from {@link #xml()}, with {@code url} as the {@code ${url}}
     * property. Fails if Logback reported an error while configuring: a benchmark of an appender
     * that did not start would measure nothing.
     */
    public LoggerContext start(String url) {
        LoggerContext context = new LoggerContext();
        context.setName("bench-" + name().toLowerCase(java.util.Locale.ROOT));
        // What SLF4J's Logback provider does for the context it creates: without an MDC adapter,
        // every appender that reads the MDC (Oceum's, Sentry's) would pay for a NullPointerException.
        context.setMDCAdapter(new LogbackMDCAdapter());
        context.putProperty("url", url);
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        try {
            configurator.doConfigure(new ByteArrayInputStream(xml().getBytes(StandardCharsets.UTF_8)));
        } catch (JoranException e) {
            throw new IllegalStateException("cannot configure Logback for " + this, e);
        }
        List<Status> errors = context.getStatusManager().getCopyOfStatusList().stream()
                .filter(s -> s.getEffectiveLevel() >= Status.ERROR)
                .toList();
        if (!errors.isEmpty() || !context.getLogger("ROOT").getAppender("APP").isStarted()) {
            throw new IllegalStateException("Logback configuration of " + this + " failed: " + errors);
        }
        return context;
    }

    /** The appender's own closing line from the status manager (the Oceum appender writes its counts there). */
    public static String lastStatus(LoggerContext context, String containing) {
        List<Status> all = context.getStatusManager().getCopyOfStatusList();
        for (int i = all.size() - 1; i >= 0; i--) {
            if (all.get(i).getMessage().contains(containing)) {
                return all.get(i).getMessage();
            }
        }
        return "(no status containing '" + containing + "')";
    }
}
