package ai.oceum.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.LoggerFactory;

/**
 * Captures what the SDK logs under {@code ai.oceum} (through the real Logback configured by
 * {@code logback-test.xml}) while it is open. Needs Logback on the test class path; the test kit
 * does not bring it.
 *
 * <pre>{@code
 * try (LogCapture logs = LogCapture.start()) {
 *     ...
 *     assertThat(logs.warnings()).hasSize(1);
 * }
 * }</pre>
 *
 * <p>Thread safety: events are captured from every thread; the accessors may be called from any
 * thread and return copies.
 */
public final class LogCapture implements AutoCloseable {
    private final Logger logger;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    private LogCapture(Logger logger) {
        this.logger = logger;
        appender.setContext(logger.getLoggerContext());
        appender.start();
        logger.addAppender(appender);
    }

    /** Starts capturing {@code ai.oceum} and its children. */
    public static LogCapture start() {
        return new LogCapture((Logger) LoggerFactory.getLogger("ai.oceum"));
    }

    /** Every captured event, in order. */
    public List<ILoggingEvent> events() {
        // ListAppender appends while holding its own lock (AppenderBase.doAppend is synchronized).
        synchronized (appender) {
            return List.copyOf(appender.list);
        }
    }

    /** The formatted messages of every captured event (with the throwable's text, if any). */
    public List<String> lines() {
        return events().stream().map(LogCapture::render).collect(Collectors.toList());
    }

    /** The formatted messages of WARN and ERROR events. */
    public List<String> warnings() {
        return events().stream()
                .filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
                .map(LogCapture::render)
                .collect(Collectors.toList());
    }

    private static String render(ILoggingEvent e) {
        String text = e.getFormattedMessage();
        if (e.getThrowableProxy() != null) {
            text += " | " + e.getThrowableProxy().getClassName() + ": "
                    + e.getThrowableProxy().getMessage();
        }
        return text;
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
        appender.stop();
    }
}
