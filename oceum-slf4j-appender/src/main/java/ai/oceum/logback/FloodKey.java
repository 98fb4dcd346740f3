package ai.oceum.logback;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;

/**
 * What makes two errors "the same" for flood control: the logger, the message template (not the
 * formatted message, whose arguments change), the exception type and the frame it was thrown from.
 *
 * @param logger the logger name
 * @param template the message template, for example {@code "order {} failed"}; empty when none
 * @param exceptionType the outermost exception's class name, or null
 * @param topFrame the frame the outermost exception was thrown from, or null
 */
record FloodKey(String logger, String template, String exceptionType, StackTraceElement topFrame) {

    /** The key of a logging event. */
    static FloodKey of(ILoggingEvent event) {
        String template = event.getMessage() == null ? "" : event.getMessage();
        IThrowableProxy proxy = event.getThrowableProxy();
        if (proxy == null) {
            return new FloodKey(event.getLoggerName(), template, null, null);
        }
        StackTraceElementProxy[] frames = proxy.getStackTraceElementProxyArray();
        StackTraceElement top = frames == null || frames.length == 0 ? null : frames[0].getStackTraceElement();
        return new FloodKey(event.getLoggerName(), template, proxy.getClassName(), top);
    }
}
