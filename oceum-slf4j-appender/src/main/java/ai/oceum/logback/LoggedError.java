package ai.oceum.logback;

import ai.oceum.ErrorReport;
import ch.qos.logback.classic.spi.IThrowableProxy;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Marker;

/**
 * One error log event's raw parts, taken on the logging thread by {@link LogEventMapper#capture},
 * and the {@link ErrorReport} built from them when the core asks: on its sender thread (or, with
 * a spool, on the logging thread before the call returns; see
 * {@link ai.oceum.integration.DeferredError}).
 *
 * <p>What is read from the caller's thread is read at capture: the thread name, the MDC
 * (Logback's {@code LogbackMDCAdapter} hands out a read-only copy that later {@code MDC.put}
 * calls replace rather than change, so the reference is a snapshot), the key-value pairs
 * (rendered). The message arguments are kept only when every one is an immutable JDK value
 * ({@link LogEventMapper#formattableLater}); otherwise the message is formatted at capture, as
 * Logback's own {@code AsyncAppender} does ({@code prepareForDeferredProcessing}): a mutable
 * argument changed after the call, or one whose {@code toString()} is not thread-safe, must not be
 * rendered on another thread.
 *
 * <p>Immutable once built (its arrays and lists are not exposed); {@link #get()} may run on any
 * thread, once.
 */
final class LoggedError implements Supplier<ErrorReport> {
    final LogEventMapper mapper;
    final String logger;
    final String level;
    final long timestampMillis;
    /** The message template as logged, or null. */
    final String template;
    /** Immutable arguments formatted into {@link #template} later, or null when {@link #message} is set. */
    final Object[] arguments;
    /** The message formatted at the call (an argument could change), or null. */
    final String message;

    final IThrowableProxy throwable;
    final String thread;
    /** Logback's read-only MDC snapshot, or null (none, or not sent). */
    final Map<String, String> mdc;
    /** Why the MDC could not be read, or null. */
    final String mdcProblem;

    final List<Marker> markers;
    /** The key-value pairs, rendered at the call; null when none. */
    final Map<String, String> keyValues;

    LoggedError(
            LogEventMapper mapper,
            String logger,
            String level,
            long timestampMillis,
            String template,
            Object[] arguments,
            String message,
            IThrowableProxy throwable,
            String thread,
            Map<String, String> mdc,
            String mdcProblem,
            List<Marker> markers,
            Map<String, String> keyValues) {
        this.mapper = mapper;
        this.logger = logger;
        this.level = level;
        this.timestampMillis = timestampMillis;
        this.template = template;
        this.arguments = arguments;
        this.message = message;
        this.throwable = throwable;
        this.thread = thread;
        this.mdc = mdc;
        this.mdcProblem = mdcProblem;
        this.markers = markers;
        this.keyValues = keyValues;
    }

    /** The report: built now, from the parts taken at the call. */
    @Override
    public ErrorReport get() {
        return mapper.toReport(this);
    }
}
