package ai.oceum;

import ai.oceum.internal.json.MetaCopy;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One LLM call's token usage, for {@link Oceum#reportUsage(Usage)}: the platform prices it and
 * answers the cost ({@link WebhookResponse#costUsd()}).
 *
 * <pre>{@code
 * oceum.reportUsage(Usage.builder().model("gpt-4o").tokensInput(1200).tokensOutput(450).build());
 * }</pre>
 *
 * <p>Only {@code model}, {@code tokensInput}, {@code tokensOutput} and {@code meta} are in the
 * reference protocol; the other fields are additions described in {@code docs/protocol.md}.
 *
 * <p>Immutable and thread-safe; its builder is not thread-safe.
 */
public final class Usage {
    private final String model;
    private final String provider;
    private final long tokensInput;
    private final long tokensOutput;
    private final boolean reported;
    private final String finishReason;
    private final Duration duration;
    private final Map<String, Object> meta;

    private Usage(Builder b) {
        this.model = b.model;
        this.provider = b.provider;
        this.tokensInput = b.tokensInput;
        this.tokensOutput = b.tokensOutput;
        this.reported = b.reported;
        this.finishReason = b.finishReason;
        this.duration = b.duration;
        // The builder's map is handed over, not copied: the builder copies it before it changes it
        // again (metaShared), so a usage never sees later changes and the common path copies once.
        this.meta = b.meta == null || b.meta.isEmpty() ? Map.of() : Collections.unmodifiableMap(b.meta);
        b.metaShared = b.meta != null;
    }

    /** A new builder; every field is optional. */
    public static Builder builder() {
        return new Builder();
    }

    /** Shorthand for a usage with a model and token counts. */
    public static Usage of(String model, long tokensInput, long tokensOutput) {
        return builder()
                .model(model)
                .tokensInput(tokensInput)
                .tokensOutput(tokensOutput)
                .build();
    }

    /** The model name as the provider answered it (for example {@code gpt-4o-2024-08-06}). */
    public String model() {
        return model;
    }

    /** The provider (for example {@code openai}), or null. */
    public String provider() {
        return provider;
    }

    /** Input (prompt) tokens; 0 when unknown. */
    public long tokensInput() {
        return tokensInput;
    }

    /** Output (completion) tokens; 0 when unknown. */
    public long tokensOutput() {
        return tokensOutput;
    }

    /** False when the provider reported no token counts and the numbers are not known. */
    public boolean reported() {
        return reported;
    }

    /** Why the model stopped (for example {@code STOP}, {@code TOOL_EXECUTION}), or null. */
    public String finishReason() {
        return finishReason;
    }

    /** How long the model call took, or null. */
    public Duration duration() {
        return duration;
    }

    /** Free-form extra data, sent as {@code data.meta}. */
    public Map<String, Object> meta() {
        return meta;
    }

    /** A builder initialised from this usage. */
    public Builder toBuilder() {
        Builder b = new Builder()
                .model(model)
                .provider(provider)
                .tokensInput(tokensInput)
                .tokensOutput(tokensOutput)
                .reported(reported)
                .finishReason(finishReason)
                .duration(duration);
        b.meta = meta.isEmpty() ? null : new LinkedHashMap<>(meta);
        return b;
    }

    @Override
    public String toString() {
        return "Usage{model=" + model + ", in=" + tokensInput + ", out=" + tokensOutput
                + (reported ? "" : ", unreported") + '}';
    }

    /** Builds a {@link Usage}. Negative token counts are clamped to 0. */
    public static final class Builder {
        private String model;
        private String provider;
        private long tokensInput;
        private long tokensOutput;
        private boolean reported = true;
        private String finishReason;
        private Duration duration;
        private Map<String, Object> meta;
        /** Whether {@code meta} now belongs to a built usage too: copy before changing it. */
        private boolean metaShared;

        private Builder() {}

        /** The model name. */
        public Builder model(String model) {
            this.model = model;
            return this;
        }

        /** The provider name. */
        public Builder provider(String provider) {
            this.provider = provider;
            return this;
        }

        /** Input tokens (negative values become 0). */
        public Builder tokensInput(long tokens) {
            this.tokensInput = Math.max(0, tokens);
            return this;
        }

        /** Output tokens (negative values become 0). */
        public Builder tokensOutput(long tokens) {
            this.tokensOutput = Math.max(0, tokens);
            return this;
        }

        /** Whether the provider reported the token counts (default true). */
        public Builder reported(boolean reported) {
            this.reported = reported;
            return this;
        }

        /** Why the model stopped. */
        public Builder finishReason(String finishReason) {
            this.finishReason = finishReason;
            return this;
        }

        /** How long the call took. */
        public Builder duration(Duration duration) {
            this.duration = duration;
            return this;
        }

        /** Free-form metadata (copied). */
        public Builder meta(Map<String, ?> meta) {
            this.meta = MetaCopy.of(meta);
            this.metaShared = true; // an unmodifiable copy: meta(key, value) copies it first
            return this;
        }

        /** Adds one metadata entry. */
        public Builder meta(String key, Object value) {
            if (meta == null) {
                meta = new LinkedHashMap<>();
            } else if (metaShared) {
                meta = new LinkedHashMap<>(meta);
            }
            metaShared = false;
            meta.put(Objects.requireNonNull(key, "key"), value);
            return this;
        }

        /** The usage. */
        public Usage build() {
            return new Usage(this);
        }
    }
}
