package ai.oceum.bench.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.UnsynchronizedAppenderBase;

/**
 * The second baseline of {@link LogErrorBenchmark}: like {@link NoopAppender}, but it formats the
 * message ({@code "order {} failed"} with its argument), the least any real appender — console,
 * file, or the Oceum appender — does with an event. Logback caches the result in the event, so the
 * work cannot be optimised away.
 */
public final class FormatOnlyAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {
    @Override
    protected void append(ILoggingEvent event) {
        event.getFormattedMessage();
    }
}
