package ai.oceum.internal.config;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Where settings come from when the code does not set them: a system property
 * ({@code oceum.spool.dir}) wins over an environment variable ({@code OCEUM_SPOOL_DIR}); or an
 * adapter's {@code ConfigurationSource}. Reads values as text and parses them, with messages that
 * name the option. Immutable and thread-safe (as long as its lookups are).
 */
public final class ConfigSource {
    private final Function<String, String> properties;
    private final Function<String, String> environment;

    public ConfigSource(Function<String, String> properties, Function<String, String> environment) {
        this.properties = properties;
        this.environment = environment;
    }

    /** System properties, then the process environment. */
    public static ConfigSource system() {
        return new ConfigSource(System::getProperty, System::getenv);
    }

    /** An adapter's source: looked up by environment-variable name only. */
    public static ConfigSource from(Function<String, String> lookup) {
        return new ConfigSource(k -> null, lookup);
    }

    /** A fixed map of environment variables (tests), no system properties. */
    public static ConfigSource ofEnvironment(Map<String, String> env) {
        return new ConfigSource(k -> null, env::get);
    }

    /** The system property name of an environment variable name: OCEUM_SPOOL_DIR → oceum.spool.dir. */
    public static String propertyName(String envName) {
        return envName.toLowerCase(Locale.ROOT).replace('_', '.');
    }

    /** The value of {@code envName} (or its property), trimmed; null when unset or blank. */
    public String get(String envName) {
        String v = properties.apply(propertyName(envName));
        if (v == null || v.isBlank()) {
            v = environment.apply(envName);
        }
        if (v == null || v.isBlank()) {
            return null;
        }
        return v.strip();
    }

    public Integer getInt(String envName) {
        String v = get(envName);
        if (v == null) {
            return null;
        }
        try {
            return Integer.parseInt(v.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(envName + " must be a whole number, was '" + v + "'");
        }
    }

    public Long getBytes(String envName) {
        String v = get(envName);
        return v == null ? null : parseBytes(envName, v);
    }

    public Boolean getBoolean(String envName) {
        String v = get(envName);
        if (v == null) {
            return null;
        }
        switch (v.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1":
                return true;
            case "false", "no", "off", "0":
                return false;
            default:
                throw new IllegalArgumentException(envName + " must be true or false, was '" + v + "'");
        }
    }

    public Duration getDuration(String envName) {
        String v = get(envName);
        return v == null ? null : parseDuration(envName, v);
    }

    /** Parses {@code 500ms}, {@code 5s}, {@code 2m}, {@code 1h}, ISO-8601 {@code PT5S}, or plain milliseconds. */
    public static Duration parseDuration(String name, String v) {
        String s = v.strip().toLowerCase(Locale.ROOT);
        try {
            if (s.startsWith("pt") || s.startsWith("p")) {
                return Duration.parse(s.toUpperCase(Locale.ROOT));
            }
            if (s.endsWith("ms")) {
                return Duration.ofMillis(
                        Long.parseLong(s.substring(0, s.length() - 2).strip()));
            }
            if (s.endsWith("s")) {
                return Duration.ofMillis(Math.round(
                        Double.parseDouble(s.substring(0, s.length() - 1).strip()) * 1000));
            }
            if (s.endsWith("m")) {
                return Duration.ofMinutes(
                        Long.parseLong(s.substring(0, s.length() - 1).strip()));
            }
            if (s.endsWith("h")) {
                return Duration.ofHours(
                        Long.parseLong(s.substring(0, s.length() - 1).strip()));
            }
            return Duration.ofMillis(Long.parseLong(s));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    name + " must be a duration such as 500ms, 5s, 2m or PT5S, was '" + v + "'");
        }
    }

    /** Parses {@code 1048576}, {@code 512k}, {@code 64m}, {@code 1g} (binary units). */
    public static long parseBytes(String name, String v) {
        String s = v.strip().toLowerCase(Locale.ROOT).replace("ib", "").replace("b", "");
        long unit = 1;
        if (s.endsWith("k")) {
            unit = 1L << 10;
        } else if (s.endsWith("m")) {
            unit = 1L << 20;
        } else if (s.endsWith("g")) {
            unit = 1L << 30;
        }
        if (unit != 1) {
            s = s.substring(0, s.length() - 1).strip();
        }
        try {
            return Math.multiplyExact(Long.parseLong(s), unit);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(name + " must be a size such as 1048576, 512k or 64m, was '" + v + "'");
        }
    }
}
