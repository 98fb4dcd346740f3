package ai.oceum.springai;

import java.time.Duration;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * Immutable options of {@link OceumObservationHandler}.
 *
 * <pre>{@code
 * OceumSpringAiOptions options = OceumSpringAiOptions.builder()
 *         .includeContent(true)          // prompts, answers, tool arguments and results (off by default)
 *         .maxContentLength(500)
 *         .build();
 * }</pre>
 *
 * <p>Privacy by default: unless {@link #includeContent()} is true, no prompt, answer, tool
 * argument or tool result leaves the process; only names, counts, durations, token numbers and
 * error descriptions are sent. Thread-safe (immutable).
 */
public final class OceumSpringAiOptions {
    /** Default for {@link Builder#maxContentLength(int)}: characters kept of each content string. */
    public static final int DEFAULT_MAX_CONTENT_LENGTH = 2000;
    /** Default for {@link Builder#stateExpiry(Duration)}: 10 minutes without any event. */
    public static final Duration DEFAULT_STATE_EXPIRY = Duration.ofMinutes(10);
    /** Default for {@link Builder#maxOpenCalls(int)}. */
    public static final int DEFAULT_MAX_OPEN_CALLS = 10_000;
    /** Default for {@link Builder#maxToolCallsInSummary(int)}. */
    public static final int DEFAULT_MAX_TOOL_CALLS_IN_SUMMARY = 100;
    /** The task name of a {@code ChatClient} {@code call()} when no {@code @AgentTask} names it. */
    public static final String DEFAULT_CALL_TASK_NAME = "ChatClient.call";
    /** The task name of a {@code ChatClient} {@code stream()} when no {@code @AgentTask} names it. */
    public static final String DEFAULT_STREAM_TASK_NAME = "ChatClient.stream";

    private static final OceumSpringAiOptions DEFAULTS = builder().build();

    private final boolean includeContent;
    private final int maxContentLength;
    private final Duration stateExpiry;
    private final int maxOpenCalls;
    private final int maxToolCallsInSummary;
    private final boolean reportToolErrors;
    private final String defaultTaskName;
    private final AgentTaskNaming agentTaskNaming;
    private final LongSupplier nanoClock;
    private final BooleanSupplier namingSample;

    private OceumSpringAiOptions(Builder b) {
        this.includeContent = b.includeContent;
        this.maxContentLength = b.maxContentLength;
        this.stateExpiry = b.stateExpiry;
        this.maxOpenCalls = b.maxOpenCalls;
        this.maxToolCallsInSummary = b.maxToolCallsInSummary;
        this.reportToolErrors = b.reportToolErrors;
        this.defaultTaskName = b.defaultTaskName;
        this.agentTaskNaming = b.agentTaskNaming;
        this.nanoClock = b.nanoClock;
        this.namingSample = b.namingSample;
    }

    /** The defaults: no content, 10-minute expiry, at most 10,000 calls in progress. */
    public static OceumSpringAiOptions defaults() {
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
        b.maxOpenCalls = maxOpenCalls;
        b.maxToolCallsInSummary = maxToolCallsInSummary;
        b.reportToolErrors = reportToolErrors;
        b.defaultTaskName = defaultTaskName;
        b.agentTaskNaming = agentTaskNaming;
        b.nanoClock = nanoClock;
        b.namingSample = namingSample;
        return b;
    }

    /** Whether prompts, answers and tool arguments/results are sent. */
    public boolean includeContent() {
        return includeContent;
    }

    /** Characters kept of each content string before it is cut (when content is sent at all). */
    public int maxContentLength() {
        return maxContentLength;
    }

    /**
     * How long a {@code ChatClient} call may go without any event before its state is dropped and
     * its task closed as failed (a stream nobody finishes or cancels).
     */
    public Duration stateExpiry() {
        return stateExpiry;
    }

    /** How many {@code ChatClient} calls may be in progress at once before the oldest is closed as failed. */
    public int maxOpenCalls() {
        return maxOpenCalls;
    }

    /** How many tool calls are listed one by one in a task's completion (all are counted). */
    public int maxToolCallsInSummary() {
        return maxToolCallsInSummary;
    }

    /** Whether a failed tool call also sends an {@code error} event naming the tool. */
    public boolean reportToolErrors() {
        return reportToolErrors;
    }

    /**
     * The task name of a {@code ChatClient} call that no {@code @AgentTask} names; null means
     * {@value #DEFAULT_CALL_TASK_NAME} or {@value #DEFAULT_STREAM_TASK_NAME}.
     */
    public String defaultTaskName() {
        return defaultTaskName;
    }

    /** When the calling method's {@code @AgentTask} names a call made outside any task. */
    public AgentTaskNaming agentTaskNaming() {
        return agentTaskNaming;
    }

    long nanoTime() {
        return nanoClock.getAsLong();
    }

    /** {@link AgentTaskNaming#AUTO}'s draw: whether a call past the first ones is looked at. */
    boolean sampleNaming() {
        return namingSample.getAsBoolean();
    }

    String defaultTaskName(boolean stream) {
        if (defaultTaskName != null) {
            return defaultTaskName;
        }
        return stream ? DEFAULT_STREAM_TASK_NAME : DEFAULT_CALL_TASK_NAME;
    }

    @Override
    public String toString() {
        return "OceumSpringAiOptions{includeContent=" + includeContent + ", maxContentLength=" + maxContentLength
                + ", stateExpiry=" + stateExpiry + ", maxOpenCalls=" + maxOpenCalls
                + ", maxToolCallsInSummary=" + maxToolCallsInSummary + ", reportToolErrors=" + reportToolErrors
                + ", defaultTaskName=" + defaultTaskName + ", agentTaskNaming=" + agentTaskNaming + '}';
    }

    /** Builds {@link OceumSpringAiOptions}; every setter checks its argument at once. Not thread-safe. */
    public static final class Builder {
        private boolean includeContent;
        private int maxContentLength = DEFAULT_MAX_CONTENT_LENGTH;
        private Duration stateExpiry = DEFAULT_STATE_EXPIRY;
        private int maxOpenCalls = DEFAULT_MAX_OPEN_CALLS;
        private int maxToolCallsInSummary = DEFAULT_MAX_TOOL_CALLS_IN_SUMMARY;
        private boolean reportToolErrors = true;
        private String defaultTaskName;
        private AgentTaskNaming agentTaskNaming = AgentTaskNaming.AUTO;
        private LongSupplier nanoClock = System::nanoTime;
        private BooleanSupplier namingSample = AgentTaskCallers::oneInSixtyFour;

        private Builder() {}

        /** Sends prompts, answers and tool arguments/results (default false). */
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
         * Time without any event after which a call's state is dropped and its task closed as
         * failed (default 10 minutes). Set it above your longest model call or tool call.
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
         * {@code ChatClient} calls tracked at once (default {@value #DEFAULT_MAX_OPEN_CALLS}); when
         * full, the least recently active is closed as failed and a warning is logged.
         *
         * @throws IllegalArgumentException when not positive
         */
        public Builder maxOpenCalls(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("maxOpenCalls must be at least 1, was " + max);
            }
            this.maxOpenCalls = max;
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

        /**
         * The task name of a {@code ChatClient} call that no {@code @AgentTask} names (default:
         * {@value #DEFAULT_CALL_TASK_NAME}, or {@value #DEFAULT_STREAM_TASK_NAME} for a stream);
         * null restores the default.
         *
         * @throws IllegalArgumentException when blank
         */
        public Builder defaultTaskName(String name) {
            if (name != null && name.isBlank()) {
                throw new IllegalArgumentException("defaultTaskName must not be blank");
            }
            this.defaultTaskName = name == null ? null : name.strip();
            return this;
        }

        /**
         * When the nearest {@code @AgentTask} method of the calling code names a call made outside
         * any task (default {@link AgentTaskNaming#AUTO}): finding it walks the calling thread's
         * stack, a few microseconds per call on JDK 17.
         *
         * @throws NullPointerException when null
         */
        public Builder agentTaskNaming(AgentTaskNaming naming) {
            this.agentTaskNaming = Objects.requireNonNull(naming, "agentTaskNaming");
            return this;
        }

        /** The time source for durations and expiry; tests replace it. */
        Builder nanoClock(LongSupplier clock) {
            this.nanoClock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** {@link AgentTaskNaming#AUTO}'s draw for calls past the first ones; tests replace it. */
        Builder namingSample(BooleanSupplier sample) {
            this.namingSample = Objects.requireNonNull(sample, "sample");
            return this;
        }

        /** The options. */
        public OceumSpringAiOptions build() {
            return new OceumSpringAiOptions(this);
        }
    }
}
