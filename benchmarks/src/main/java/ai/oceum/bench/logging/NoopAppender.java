package ai.oceum.bench.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.UnsynchronizedAppenderBase;

/**
 * The baseline appender of {@link LogErrorBenchmark}: attached like the others, so Logback builds
 * the {@code LoggingEvent} (with its {@code ThrowableProxy} when there is an exception) and
 * dispatches it through the same unsynchronized appender path as the Oceum and Sentry appenders,
 * then does nothing with it. Logback's own {@code NOPAppender} is not used because it extends the
 * synchronized {@code AppenderBase}: its lock would be a cost the compared appenders do not pay.
 */
public final class NoopAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {
    @Override
    protected void append(ILoggingEvent event) {
        // Nothing: the point is the cost of reaching this line.
    }
}
