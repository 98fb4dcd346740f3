package ai.oceum.integration;

import ai.oceum.internal.config.ConfigSource;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Where a client's options come from when the code does not set them: a lookup by the option's
 * environment-variable name ({@code OCEUM_API_KEY}, {@code OCEUM_QUEUE_CAPACITY}…, the names
 * {@link ai.oceum.OceumBuilder} lists), giving the text an operator would write there, or null.
 * By default system properties and the environment ({@link #system()}); a framework adapter feeds
 * its own configuration instead, with {@link ai.oceum.OceumBuilder#configurationSource}:
 *
 * <pre>{@code
 * ConfigurationSource source = ConfigurationSource.of(Map.of(
 *         "OCEUM_API_KEY", props.getApiKey(), "OCEUM_AGENT_ID", props.getAgentId()));
 * Oceum oceum = source.isConfigured() ? Oceum.builder().configurationSource(source).build() : Oceum.disabled();
 * }</pre>
 *
 * <p>Values are parsed by the core as it parses the environment: blank means unset, durations
 * {@code 500ms}, {@code 5s}, {@code 2m} or ISO-8601 ({@link #parseDuration}), sizes {@code 512k},
 * {@code 64m} ({@link #parseBytes}), booleans {@code true}/{@code false}/{@code yes}/{@code no}.
 * A wrong value fails {@code build()} with a message naming the option.
 *
 * <p>Implementations must be thread-safe and must not throw; the core calls {@link #get} only
 * while a builder builds (and {@link #isConfigured}).
 */
@FunctionalInterface
public interface ConfigurationSource {
    /** The value of the option named {@code name} (its environment-variable name), or null when unset. */
    String get(String name);

    /**
     * System properties, then the process environment: {@code -Doceum.queue.capacity=500} wins over
     * {@code OCEUM_QUEUE_CAPACITY=500} ({@link #propertyName}).
     */
    static ConfigurationSource system() {
        return name -> {
            String v = System.getProperty(propertyName(name));
            return v == null || v.isBlank() ? System.getenv(name) : v;
        };
    }

    /** Nothing: every option is unset (the code sets what it needs). */
    static ConfigurationSource none() {
        return name -> null;
    }

    /** A fixed map by environment-variable name (copied; null values mean unset). */
    static ConfigurationSource of(Map<String, String> values) {
        Map<String, String> copy = new java.util.HashMap<>(Objects.requireNonNull(values, "values"));
        return copy::get;
    }

    /** This source, and {@code fallback} for what this one leaves unset (or blank). */
    default ConfigurationSource orElse(ConfigurationSource fallback) {
        Objects.requireNonNull(fallback, "fallback");
        return name -> {
            String v = get(name);
            return v == null || v.isBlank() ? fallback.get(name) : v;
        };
    }

    /**
     * Whether an API key is set here: a client built from this source reports (else
     * {@code Oceum.fromEnv()} and the adapters run disabled, with one warning).
     */
    default boolean isConfigured() {
        String key = get("OCEUM_API_KEY");
        return key != null && !key.isBlank();
    }

    /** The system property of an environment-variable name: {@code OCEUM_SPOOL_DIR} → {@code oceum.spool.dir}. */
    static String propertyName(String name) {
        return ConfigSource.propertyName(name);
    }

    /**
     * Parses a duration as the core does: {@code 500ms}, {@code 5s}, {@code 1.5s}, {@code 2m},
     * {@code 1h}, ISO-8601 {@code PT5S}, or plain milliseconds.
     *
     * @param name the option, named in the message of the exception
     * @throws IllegalArgumentException when {@code value} is none of these
     */
    static Duration parseDuration(String name, String value) {
        return ConfigSource.parseDuration(name, value);
    }

    /**
     * Parses a size in bytes as the core does: {@code 1048576}, {@code 512k}, {@code 64m},
     * {@code 64MiB}, {@code 1g} (binary units).
     *
     * @param name the option, named in the message of the exception
     * @throws IllegalArgumentException when {@code value} is none of these
     */
    static long parseBytes(String name, String value) {
        return ConfigSource.parseBytes(name, value);
    }
}
