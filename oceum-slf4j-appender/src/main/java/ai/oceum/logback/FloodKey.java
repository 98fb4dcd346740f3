package ai.oceum.logback;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import java.util.Objects;

/**
 * What makes two errors "the same" for flood control: the logger, the message template (not the
 * formatted message, whose arguments change), the exception type and the frame it was thrown from.
 *
 * <p>Written by hand rather than as a record: a record's {@code hashCode}/{@code equals} go through
 * method handles ({@code ObjectMethods}), which showed in the profile of every {@code log.error}
 * (docs/benchmarks.md, "Where the time goes"). The hash is computed once, and {@code equals}
 * compares the hash and the template (usually the same instance) before the frame.
 *
 * <p>Immutable.
 */
final class FloodKey {
    private final String logger;
    private final String template;
    private final String exceptionType;
    private final StackTraceElement topFrame;
    private final int hash;

    /**
     * @param logger the logger name
     * @param template the message template, for example {@code "order {} failed"}; empty when none
     * @param exceptionType the outermost exception's class name, or null
     * @param topFrame the frame the outermost exception was thrown from, or null
     */
    FloodKey(String logger, String template, String exceptionType, StackTraceElement topFrame) {
        this.logger = logger;
        this.template = template;
        this.exceptionType = exceptionType;
        this.topFrame = topFrame;
        int h = Objects.hashCode(template);
        h = 31 * h + Objects.hashCode(logger);
        h = 31 * h + Objects.hashCode(exceptionType);
        this.hash = 31 * h + Objects.hashCode(topFrame);
    }

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

    /** The logger name. */
    String logger() {
        return logger;
    }

    /** The message template; empty when none. */
    String template() {
        return template;
    }

    /** The outermost exception's class name, or null. */
    String exceptionType() {
        return exceptionType;
    }

    /** The frame the outermost exception was thrown from, or null. */
    StackTraceElement topFrame() {
        return topFrame;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        return o instanceof FloodKey k
                && hash == k.hash
                && Objects.equals(template, k.template)
                && Objects.equals(logger, k.logger)
                && Objects.equals(exceptionType, k.exceptionType)
                && Objects.equals(topFrame, k.topFrame);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return "FloodKey[logger=" + logger + ", template=" + template + ", exceptionType=" + exceptionType
                + ", topFrame=" + topFrame + ']';
    }
}
