package ai.oceum;

import ai.oceum.internal.json.MetaCopy;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;

/**
 * A full description of one error, for {@link Oceum#error(ErrorReport)}: adapters (the Logback
 * appender, the LangChain4j listeners) use it to set the time of the original occurrence and
 * the task explicitly; applications usually call {@link Oceum#error(Throwable)} instead.
 */
public final class ErrorReport {
    private final String message;
    private final Throwable throwable;
    private final Map<String, Object> meta;
    private final Instant timestamp;
    private final TaskScope task;
    private final boolean taskFromContext;

    private ErrorReport(Builder b) {
        this.message = b.message;
        this.throwable = b.throwable;
        this.meta = b.meta == null ? Map.of() : Collections.unmodifiableMap(b.meta);
        this.timestamp = b.timestamp;
        this.task = b.task;
        this.taskFromContext = b.taskFromContext;
    }

    /** A builder for an error with this message (null becomes the throwable's message). */
    public static Builder builder(String message) {
        return new Builder(message);
    }

    /** The message; when null, the throwable's message is sent. */
    public String message() {
        return message;
    }

    /** The throwable, or null. */
    public Throwable throwable() {
        return throwable;
    }

    /** Free-form extra data, sent as {@code data.meta}. */
    public Map<String, Object> meta() {
        return meta;
    }

    /** When the error happened; null means now. */
    public Instant timestamp() {
        return timestamp;
    }

    /** The task the error belongs to; null means the task open on the calling thread, if any. */
    public TaskScope task() {
        return task;
    }

    /** Whether a null {@link #task()} means "the task open on the calling thread" (default true). */
    public boolean taskFromContext() {
        return taskFromContext;
    }

    /** Builds an {@link ErrorReport}. */
    public static final class Builder {
        private final String message;
        private Throwable throwable;
        private Map<String, Object> meta;
        private Instant timestamp;
        private TaskScope task;
        private boolean taskFromContext = true;

        private Builder(String message) {
            this.message = message;
        }

        /** The throwable: its type, message, stack trace, causes and suppressed are sent. */
        public Builder throwable(Throwable throwable) {
            this.throwable = throwable;
            return this;
        }

        /** Free-form metadata (copied). */
        public Builder meta(Map<String, ?> meta) {
            this.meta = MetaCopy.of(meta);
            return this;
        }

        /** When the error happened (default: when the report is made). */
        public Builder timestamp(Instant timestamp) {
            this.timestamp = timestamp;
            return this;
        }

        /** The task the error belongs to (default: the one open on the calling thread). */
        public Builder task(TaskScope task) {
            this.task = task;
            return this;
        }

        /** Whether to look up the task open on the calling thread when none is given (default true). */
        public Builder taskFromContext(boolean fromContext) {
            this.taskFromContext = fromContext;
            return this;
        }

        /** The report. */
        public ErrorReport build() {
            return new ErrorReport(this);
        }
    }
}
