package ai.oceum.logback;

import ai.oceum.ErrorReport;
import ai.oceum.integration.ExceptionText;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Marker;
import org.slf4j.event.KeyValuePair;
import org.slf4j.helpers.MessageFormatter;

/**
 * Turns a Logback event into an {@link ErrorReport}: the formatted message, the time of the log
 * call, the throwable, and in {@code meta} the logger, level, thread, template, MDC, markers and
 * key-value pairs. In two steps: {@link #capture} on the logging thread takes the raw parts
 * (references, no copies of what cannot change), and {@link #toReport(LoggedError)} builds the
 * report from them on the core's sender thread; the stack trace of a real {@link Throwable} is
 * rendered there too, by the core.
 *
 * <p>Immutable and thread-safe.
 */
final class LogEventMapper {
    private final boolean includeMdc;
    private final Set<String> mdcKeys;

    /**
     * @param includeMdc whether MDC entries are sent
     * @param mdcKeys the MDC keys sent; empty means all
     */
    LogEventMapper(boolean includeMdc, Set<String> mdcKeys) {
        this.includeMdc = includeMdc;
        this.mdcKeys = Set.copyOf(mdcKeys);
    }

    /**
     * The raw parts of one logging event, read on the logging thread; the report is built from
     * them later ({@link LoggedError#get()}, on the core's sender thread). Copies nothing that
     * cannot change: see {@link LoggedError} for what is read now and why.
     *
     * @param mdcAvailable false when the logger context has no MDC adapter (a context made by
     *     hand): reading the MDC would then throw a NullPointerException per event, whose stack
     *     trace costs several times the appender itself (docs/benchmarks.md, "Findings")
     */
    LoggedError capture(ILoggingEvent event, boolean mdcAvailable) {
        String template = event.getMessage();
        Object[] args = event.getArgumentArray();
        Object[] arguments = null;
        String message = null;
        if (args == null || args.length == 0) {
            message = template;
        } else if (template != null && formattableLater(args)) {
            // A copy: the array may be the caller's own varargs array.
            arguments = args.clone();
        } else {
            message = event.getFormattedMessage();
        }
        Map<String, String> mdc = null;
        String mdcProblem = null;
        if (includeMdc && mdcAvailable) {
            try {
                mdc = event.getMDCPropertyMap();
            } catch (RuntimeException e) {
                // A context without an MDC adapter (or a broken one) must not cost the error itself.
                mdcProblem = "[unavailable: " + e.getClass().getSimpleName() + "]";
            }
        }
        return new LoggedError(
                this,
                event.getLoggerName(),
                event.getLevel().toString(),
                event.getTimeStamp(),
                template,
                arguments,
                message,
                event.getThrowableProxy(),
                event.getThreadName(),
                mdc == null || mdc.isEmpty() ? null : mdc,
                mdcProblem,
                event.getMarkerList(),
                keyValues(event.getKeyValuePairs()));
    }

    /**
     * Whether every argument is an immutable JDK value (exactly one of these classes, not a
     * subclass), whose {@code toString()} gives the same text on any thread at any later time.
     */
    static boolean formattableLater(Object[] args) {
        for (Object a : args) {
            if (a != null && !isImmutableValue(a.getClass())) {
                return false;
            }
        }
        return true;
    }

    private static boolean isImmutableValue(Class<?> c) {
        return c == String.class
                || c == Integer.class
                || c == Long.class
                || c == Boolean.class
                || c == Double.class
                || c == Float.class
                || c == Short.class
                || c == Byte.class
                || c == Character.class
                || c == BigDecimal.class
                || c == BigInteger.class
                || c == UUID.class
                || c == Instant.class
                || c == Duration.class;
    }

    /** The report of a captured event (on whichever thread asks for it: the sender's, usually). */
    ErrorReport toReport(LoggedError e) {
        Map<String, Object> meta = baseMeta(e.logger, e.level);
        meta.put("thread", e.thread);
        if (e.template != null) {
            meta.put("template", e.template);
        }
        if (e.mdcProblem != null) {
            meta.put("mdc", e.mdcProblem);
        } else {
            putMdc(meta, e.mdc);
        }
        putMarkers(meta, e.markers);
        if (e.keyValues != null) {
            meta.put("keyValues", e.keyValues);
        }
        String message = e.arguments == null
                ? e.message
                : MessageFormatter.arrayFormat(e.template, e.arguments, null).getMessage();

        IThrowableProxy proxy = e.throwable;
        ErrorReport.Builder report;
        if (proxy instanceof ThrowableProxy real && real.getThrowable() != null) {
            report = ErrorReport.builder(message).throwable(real.getThrowable()).meta(meta);
        } else if (proxy != null) {
            // A deserialized event (socket receiver): no Throwable to hand over, only its text.
            report = describe(proxy).toReport(message, meta);
        } else {
            report = ErrorReport.builder(message).meta(meta);
        }
        return report.timestamp(Instant.ofEpochMilli(e.timestampMillis)).build();
    }

    /** The report for a closed flood-control window: the first message and how many repeats were held back. */
    ErrorReport toSummaryReport(FloodGate.Summary s) {
        Map<String, Object> meta = baseMeta(s.key().logger(), s.level());
        if (!s.key().template().isEmpty()) {
            meta.put("template", s.key().template());
        }
        if (s.key().exceptionType() != null) {
            meta.put("exceptionType", s.key().exceptionType());
        }
        if (s.key().topFrame() != null) {
            meta.put("topFrame", s.key().topFrame().toString());
        }
        meta.put("suppressedCount", s.suppressed());
        meta.put("suppressedFirst", Instant.ofEpochMilli(s.firstMillis()).toString());
        meta.put("suppressedLast", Instant.ofEpochMilli(s.lastMillis()).toString());
        meta.put("floodWindowMs", s.windowMillis());
        String message = (s.message() == null ? "" : s.message()) + " (repeated " + s.suppressed()
                + " more times within " + s.windowMillis() + " ms)";
        // The repeats may come from many threads and tasks: tie the summary to none of them.
        return ErrorReport.builder(message)
                .timestamp(Instant.ofEpochMilli(s.lastMillis()))
                .taskFromContext(false)
                .meta(meta)
                .build();
    }

    private static Map<String, Object> baseMeta(String logger, String level) {
        Map<String, Object> meta = new LinkedHashMap<>(12);
        meta.put("source", "logback");
        meta.put("logger", logger);
        meta.put("level", level);
        return meta;
    }

    private void putMdc(Map<String, Object> meta, Map<String, String> mdc) {
        if (!includeMdc || mdc == null || mdc.isEmpty()) {
            return;
        }
        Map<String, String> copy = new LinkedHashMap<>();
        mdc.forEach((k, v) -> {
            if (k != null && v != null && (mdcKeys.isEmpty() || mdcKeys.contains(k))) {
                copy.put(k, v);
            }
        });
        if (!copy.isEmpty()) {
            meta.put("mdc", copy);
        }
    }

    private static void putMarkers(Map<String, Object> meta, List<Marker> markers) {
        if (markers == null || markers.isEmpty()) {
            return;
        }
        List<String> names = new ArrayList<>(markers.size());
        for (Marker m : markers) {
            if (m != null) {
                names.add(m.getName());
            }
        }
        meta.put("markers", names);
    }

    /** The key-value pairs rendered now (a value may change, or not be thread-safe, once the call returns); null when none. */
    private static Map<String, String> keyValues(List<KeyValuePair> pairs) {
        if (pairs == null || pairs.isEmpty()) {
            return null;
        }
        Map<String, String> kv = new LinkedHashMap<>();
        for (KeyValuePair p : pairs) {
            if (p != null && p.key != null) {
                kv.put(p.key, String.valueOf(p.value));
            }
        }
        return kv;
    }

    /** A throwable known only by its proxy, as the core's exception text (which caps its length and chains). */
    static ExceptionText describe(IThrowableProxy proxy) {
        ExceptionText.Builder text = ExceptionText.builder(proxy.getClassName())
                .message(proxy.getMessage())
                .stackTrace(ThrowableProxyUtil.asString(proxy));
        int n = 0;
        for (IThrowableProxy c = proxy.getCause(); c != null && n < ExceptionText.MAX_CHAIN; c = c.getCause(), n++) {
            text.cause(c.getClassName(), c.getMessage());
            if (c.isCyclic()) {
                break; // a cause that points back up the chain: Logback marks it instead of recursing
            }
        }
        IThrowableProxy[] suppressed = proxy.getSuppressed();
        if (suppressed != null) {
            for (int i = 0; i < suppressed.length && i < ExceptionText.MAX_CHAIN; i++) {
                text.suppressed(suppressed[i].getClassName(), suppressed[i].getMessage());
            }
        }
        return text.build();
    }
}
