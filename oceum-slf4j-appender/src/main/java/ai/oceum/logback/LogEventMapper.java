package ai.oceum.logback;

import ai.oceum.ErrorReport;
import ai.oceum.integration.ExceptionText;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Marker;
import org.slf4j.event.KeyValuePair;

/**
 * Turns a Logback event into an {@link ErrorReport}: the formatted message, the time of the log
 * call, the throwable, and in {@code meta} the logger, level, thread, template, MDC, markers and
 * key-value pairs. Runs on the logging thread, so it only copies small values: the stack trace of
 * a real {@link Throwable} is rendered later by the core, on its sender thread.
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
     * The report for one logging event; its task is the one open on the calling (logging) thread.
     *
     * @param mdcAvailable false when the logger context has no MDC adapter (a context made by
     *     hand): reading the MDC would then throw a NullPointerException per event, whose stack
     *     trace costs several times the appender itself (docs/benchmarks.md, "Findings")
     */
    ErrorReport toReport(ILoggingEvent event, boolean mdcAvailable) {
        Map<String, Object> meta =
                baseMeta(event.getLoggerName(), event.getLevel().toString());
        meta.put("thread", event.getThreadName());
        if (event.getMessage() != null) {
            meta.put("template", event.getMessage());
        }
        try {
            if (mdcAvailable) {
                putMdc(meta, event.getMDCPropertyMap());
            }
        } catch (RuntimeException e) {
            // A context without an MDC adapter (or a broken one) must not cost the error itself.
            meta.put("mdc", "[unavailable: " + e.getClass().getSimpleName() + "]");
        }
        putMarkers(meta, event.getMarkerList());
        putKeyValues(meta, event.getKeyValuePairs());

        IThrowableProxy proxy = event.getThrowableProxy();
        ErrorReport.Builder report;
        if (proxy instanceof ThrowableProxy real && real.getThrowable() != null) {
            report = ErrorReport.builder(event.getFormattedMessage())
                    .throwable(real.getThrowable())
                    .meta(meta);
        } else if (proxy != null) {
            // A deserialized event (socket receiver): no Throwable to hand over, only its text.
            report = describe(proxy).toReport(event.getFormattedMessage(), meta);
        } else {
            report = ErrorReport.builder(event.getFormattedMessage()).meta(meta);
        }
        return report.timestamp(event.getInstant()).build();
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

    private static void putKeyValues(Map<String, Object> meta, List<KeyValuePair> pairs) {
        if (pairs == null || pairs.isEmpty()) {
            return;
        }
        Map<String, String> kv = new LinkedHashMap<>();
        for (KeyValuePair p : pairs) {
            if (p != null && p.key != null) {
                // Rendered now: the value may change, or not be thread-safe, once the call returns.
                kv.put(p.key, String.valueOf(p.value));
            }
        }
        meta.put("keyValues", kv);
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
