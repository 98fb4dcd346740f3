package ai.oceum.langchain4j;

import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Immutable options shared by {@link OceumChatModelListener} and {@link OceumAiServiceListeners}.
 *
 * <pre>{@code
 * OceumLangChain4jOptions options = OceumLangChain4jOptions.builder()
 *         .includeContent(true)          // prompts, answers, tool arguments and results (off by default)
 *         .maxContentLength(500)
 *         .build();
 * }</pre>
 *
 * <p>Privacy by default: unless {@link #includeContent()} is true, no prompt, answer, tool
 * argument, tool result, method argument or method result leaves the process; only names,
 * counts, durations, token numbers and error descriptions are sent.
 */
public final class OceumLangChain4jOptions {
    /** Default for {@link Builder#maxContentLength(int)}: characters kept of each content string. */
    public static final int DEFAULT_MAX_CONTENT_LENGTH = 2000;
    /** Default for {@link Builder#stateExpiry(Duration)}: 10 minutes without any event. */
    public static final Duration DEFAULT_STATE_EXPIRY = Duration.ofMinutes(10);
    /** Default for {@link Builder#maxOpenInvocations(int)}. */
    public static final int DEFAULT_MAX_OPEN_INVOCATIONS = 10_000;
    /** Default for {@link Builder#maxToolCallsInSummary(int)}. */
    public static final int DEFAULT_MAX_TOOL_CALLS_IN_SUMMARY = 100;

    private static final OceumLangChain4jOptions DEFAULTS = builder().build();

    private final boolean includeContent;
    private final int maxContentLength;
    private final Duration stateExpiry;
    private final int maxOpenInvocations;
    private final int maxToolCallsInSummary;
    private final boolean reportToolErrors;
    private final LongSupplier nanoClock;

    private OceumLangChain4jOptions(Builder b) {
        this.includeContent = b.includeContent;
        this.maxContentLength = b.maxContentLength;
        this.stateExpiry = b.stateExpiry;
        this.maxOpenInvocations = b.maxOpenInvocations;
        this.maxToolCallsInSummary = b.maxToolCallsInSummary;
        this.reportToolErrors = b.reportToolErrors;
        this.nanoClock = b.nanoClock;
    }

    /** The defaults: no content, 10-minute expiry, at most 10,000 open invocations. */
    public static OceumLangChain4jOptions defaults() {
        return DEFAULTS;
    }

    /** A builder holding the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder initialised from these options. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.includeContent = includeContent;
        b.maxContentLength = maxContentLength;
        b.stateExpiry = stateExpiry;
        b.maxOpenInvocations = maxOpenInvocations;
        b.maxToolCallsInSummary = maxToolCallsInSummary;
        b.reportToolErrors = reportToolErrors;
        b.nanoClock = nanoClock;
        return b;
    }

    /** Whether prompts, answers, tool arguments/results and method arguments/results are sent. */
    public boolean includeContent() {
        return includeContent;
    }

    /** Characters kept of each content string before it is cut (when content is sent at all). */
    public int maxContentLength() {
        return maxContentLength;
    }

    /**
     * How long an AI-service invocation may go without any event before its state is dropped and
     * its task closed as failed (an invocation ended by a {@link Error}, an abandoned stream).
     */
    public Duration stateExpiry() {
        return stateExpiry;
    }

    /** How many invocations may be in progress at once before the oldest is closed as failed. */
    public int maxOpenInvocations() {
        return maxOpenInvocations;
    }

    /** How many tool calls are listed one by one in a task's completion (all are counted). */
    public int maxToolCallsInSummary() {
        return maxToolCallsInSummary;
    }

    /** Whether a failed tool call also sends an {@code error} event naming the tool. */
    public boolean reportToolErrors() {
        return reportToolErrors;
    }

    long nanoTime() {
        return nanoClock.getAsLong();
    }

    @Override
    public String toString() {
        return "OceumLangChain4jOptions{includeContent=" + includeContent + ", maxContentLength=" + maxContentLength
                + ", stateExpiry=" + stateExpiry + ", maxOpenInvocations=" + maxOpenInvocations
                + ", maxToolCallsInSummary=" + maxToolCallsInSummary + ", reportToolErrors=" + reportToolErrors + '}';
    }

    /** Builds {@link OceumLangChain4jOptions}; every setter checks its argument at once. */
    public static final class Builder {
        private boolean includeContent;
        private int maxContentLength = DEFAULT_MAX_CONTENT_LENGTH;
        private Duration stateExpiry = DEFAULT_STATE_EXPIRY;
        private int maxOpenInvocations = DEFAULT_MAX_OPEN_INVOCATIONS;
        private int maxToolCallsInSummary = DEFAULT_MAX_TOOL_CALLS_IN_SUMMARY;
        private boolean reportToolErrors = true;
        private LongSupplier nanoClock = System::nanoTime;

        private Builder() {}

        /** Sends prompts, answers, tool arguments/results and method arguments/results (default false). */
        public Builder includeContent(boolean include) {
            this.includeContent = include;
            return this;
        }

        /**
         * Characters kept of each content string (default {@value #DEFAULT_MAX_CONTENT_LENGTH});
         * longer strings end in {@code …[truncated N chars]}.
         *
         * @throws IllegalArgumentException when not positive
         */
        public Builder maxContentLength(int chars) {
            if (chars < 1) {
                throw new IllegalArgumentException("maxContentLength must be at least 1, was " + chars);
            }
            this.maxContentLength = chars;
            return this;
        }

        /**
         * Time without any event after which an invocation's state is dropped and its task closed
         * as failed (default 10 minutes). Set it above your longest model call or tool call.
         *
         * @throws IllegalArgumentException when null, zero or negative
         */
        public Builder stateExpiry(Duration expiry) {
            Objects.requireNonNull(expiry, "stateExpiry");
            if (expiry.isZero() || expiry.isNegative()) {
                throw new IllegalArgumentException("stateExpiry must be positive, was " + expiry);
            }
            this.stateExpiry = expiry;
            return this;
        }

        /**
         * Invocations tracked at once (default {@value #DEFAULT_MAX_OPEN_INVOCATIONS}); when full,
         * the least recently active is closed as failed and a warning is logged.
         *
         * @throws IllegalArgumentException when not positive
         */
        public Builder maxOpenInvocations(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("maxOpenInvocations must be at least 1, was " + max);
            }
            this.maxOpenInvocations = max;
            return this;
        }

        /**
         * Tool calls listed one by one in a task's completion (default
         * {@value #DEFAULT_MAX_TOOL_CALLS_IN_SUMMARY}); the rest are counted in {@code toolCallsOmitted}.
         *
         * @throws IllegalArgumentException when negative
         */
        public Builder maxToolCallsInSummary(int max) {
            if (max < 0) {
                throw new IllegalArgumentException("maxToolCallsInSummary must not be negative, was " + max);
            }
            this.maxToolCallsInSummary = max;
            return this;
        }

        /** Whether a failed tool call also sends an {@code error} event naming the tool (default true). */
        public Builder reportToolErrors(boolean report) {
            this.reportToolErrors = report;
            return this;
        }

        /** The time source for expiry; tests replace it. */
        Builder nanoClock(LongSupplier clock) {
            this.nanoClock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** The options. */
        public OceumLangChain4jOptions build() {
            return new OceumLangChain4jOptions(this);
        }
    }
}
