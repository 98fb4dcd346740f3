package ai.oceum.logback;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.joran.spi.JoranException;
import ch.qos.logback.core.read.ListAppender;
import ch.qos.logback.core.status.Status;
import java.net.URL;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.MDC;

/** Loads a test {@code logback.xml} with Joran, as an application would, and reads what it made. */
final class LogbackConfig {
    private LogbackConfig() {}

    /** A fresh context configured from a test resource; {@code properties} fill its {@code ${...}}. */
    static LoggerContext load(String resource, Map<String, String> properties) {
        LoggerContext context = new LoggerContext();
        context.setName(resource);
        // Share SLF4J's MDC, as the context an application gets from LoggerFactory does.
        context.setMDCAdapter(MDC.getMDCAdapter());
        configure(context, resource, properties);
        return context;
    }

    /** Resets {@code context} and configures it from a test resource. */
    static void configure(LoggerContext context, String resource, Map<String, String> properties) {
        context.reset();
        properties.forEach(context::putProperty);
        URL url = LogbackConfig.class.getClassLoader().getResource(resource);
        if (url == null) {
            throw new IllegalArgumentException("no test resource " + resource);
        }
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        try {
            configurator.doConfigure(url);
        } catch (JoranException e) {
            throw new IllegalStateException("cannot configure " + resource + ": " + statuses(context), e);
        }
    }

    /** The Oceum appender named {@code name} on the root logger. */
    static OceumAppender oceum(LoggerContext context, String name) {
        return (OceumAppender) context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender(name);
    }

    /** The list appender named LIST, wherever it is attached. */
    @SuppressWarnings("unchecked")
    static ListAppender<ILoggingEvent> list(LoggerContext context, String loggerName) {
        return (ListAppender<ILoggingEvent>) context.getLogger(loggerName).getAppender("LIST");
    }

    /** Status messages of {@code level} (Status.WARN, Status.ERROR…) whose text mentions the appender. */
    static List<String> statuses(LoggerContext context, int level) {
        return context.getStatusManager().getCopyOfStatusList().stream()
                .filter(s -> s.getLevel() == level && s.getMessage().contains("OceumAppender ["))
                .map(Status::getMessage)
                .collect(Collectors.toList());
    }

    private static String statuses(LoggerContext context) {
        return context.getStatusManager().getCopyOfStatusList().stream()
                .map(Status::toString)
                .collect(Collectors.joining("; "));
    }
}
