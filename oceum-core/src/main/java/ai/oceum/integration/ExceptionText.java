package ai.oceum.integration;

import ai.oceum.ErrorReport;
import ai.oceum.internal.json.MetaCopy;
import ai.oceum.internal.json.SafeJson;
import ai.oceum.internal.json.Throwables;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An exception known only as text, not as a {@link Throwable}: a log event received from another
 * process (Logback's socket receiver), a framework's error report. The core gives it the shape of
 * the error event's exception fields and their limits (a stack trace of at most
 * {@value #MAX_STACK_TRACE} characters, at most {@value #MAX_CHAIN} causes and suppressed
 * exceptions), so that an adapter never builds that shape itself. A real {@code Throwable} goes
 * to {@link ErrorReport.Builder#throwable} instead.
 *
 * <pre>{@code
 * ExceptionText text = ExceptionText.builder(proxy.getClassName()).message(proxy.getMessage())
 *         .stackTrace(printed).cause(cause.getClassName(), cause.getMessage()).build();
 * oceum.error(text.toReport(formattedMessage, meta).timestamp(when).build());
 * }</pre>
 *
 * <p>Immutable and thread-safe; its builder is not thread-safe.
 */
public final class ExceptionText {
    /** Longest stack trace kept, in characters (the core's limit for every error event). */
    public static final int MAX_STACK_TRACE = Throwables.MAX_STACK_TRACE;
    /** Most causes, and most suppressed exceptions, kept. */
    public static final int MAX_CHAIN = 20;
    /** The {@code meta} key the exception is sent under by {@link #toReport}. */
    public static final String META_KEY = "exception";

    private final Map<String, Object> fields;

    private ExceptionText(Builder b) {
        Map<String, Object> m = new LinkedHashMap<>(8);
        m.put("type", b.type);
        m.put("message", b.message);
        m.put("stackTrace", SafeJson.truncate(b.stackTrace, MAX_STACK_TRACE));
        if (!b.causes.isEmpty()) {
            m.put("causes", Collections.unmodifiableList(b.causes));
        }
        if (!b.suppressed.isEmpty()) {
            m.put("suppressed", Collections.unmodifiableList(b.suppressed));
        }
        this.fields = Collections.unmodifiableMap(m);
    }

    /** A builder for an exception of class {@code type} (its binary name, for example {@code java.io.IOException}). */
    public static Builder builder(String type) {
        return new Builder(type);
    }

    /**
     * The exception's fields as they are sent: {@code type}, {@code message}, {@code stackTrace},
     * {@code causes?} and {@code suppressed?} (lists of {@code {type, message}}). Unmodifiable.
     */
    public Map<String, Object> fields() {
        return fields;
    }

    /**
     * A report of an error with this exception: {@code message} (as for
     * {@link ErrorReport#builder}), and {@code meta} (copied) with the exception added last under
     * {@value #META_KEY}. Set the time, the task or more on the builder returned; setting
     * {@code meta} again replaces both.
     */
    public ErrorReport.Builder toReport(String message, Map<String, ?> meta) {
        Map<String, Object> m = new LinkedHashMap<>();
        Map<String, Object> copy = MetaCopy.of(meta);
        if (copy != null) {
            m.putAll(copy);
        }
        m.put(META_KEY, fields);
        return ErrorReport.builder(message).meta(m);
    }

    @Override
    public String toString() {
        return "ExceptionText" + fields;
    }

    /** Builds an {@link ExceptionText}. Not thread-safe. */
    public static final class Builder {
        private final String type;
        private String message;
        private String stackTrace;
        private final List<Map<String, Object>> causes = new ArrayList<>();
        private final List<Map<String, Object>> suppressed = new ArrayList<>();

        private Builder(String type) {
            this.type = Objects.requireNonNullElse(type, "unknown");
        }

        /** The exception's message, or null. */
        public Builder message(String message) {
            this.message = message;
            return this;
        }

        /** The printed stack trace (cut to {@value ExceptionText#MAX_STACK_TRACE} characters). */
        public Builder stackTrace(String printed) {
            this.stackTrace = printed;
            return this;
        }

        /** Adds the next cause, outermost first; beyond {@value ExceptionText#MAX_CHAIN}, ignored. */
        public Builder cause(String type, String message) {
            add(causes, type, message);
            return this;
        }

        /** Adds a suppressed exception; beyond {@value ExceptionText#MAX_CHAIN}, ignored. */
        public Builder suppressed(String type, String message) {
            add(suppressed, type, message);
            return this;
        }

        private static void add(List<Map<String, Object>> list, String type, String message) {
            if (list.size() < MAX_CHAIN) {
                Map<String, Object> m = new LinkedHashMap<>(2);
                m.put("type", type);
                m.put("message", message);
                list.add(Collections.unmodifiableMap(m));
            }
        }

        /** The exception text. */
        public ExceptionText build() {
            return new ExceptionText(this);
        }
    }
}
