package ai.oceum.integration;

import ai.oceum.internal.util.Fatal;
import ai.oceum.internal.util.ThrottledLogger;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;

/**
 * An adapter's own problems, logged at WARN through SLF4J at most once per interval per kind,
 * with the number left out since: a hook that warned on every call would flood the application's
 * log. Use a logger under {@code ai.oceum} (the Oceum appender never sends those), for example
 * {@code ai.oceum.springai}, so that users can configure it.
 *
 * <pre>{@code
 * private static final Diagnostics LOG = Diagnostics.forLogger("ai.oceum.myframework");
 * ...
 * } catch (Throwable t) {
 *     LOG.ignored("Oceum MyFramework listener", "onResponse", t); // never reaches the framework
 * }
 * }</pre>
 *
 * <p>Also the SDK's one rule for what may pass a hook: {@link #rethrowIfFatal}.
 *
 * <p>Thread-safe.
 */
public final class Diagnostics {
    /** The interval of {@link #forLogger(String)}: one warning of a kind a minute. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(1);

    private final ThrottledLogger log;

    private Diagnostics(ThrottledLogger log) {
        this.log = log;
    }

    /** Warnings to the logger {@code name}, at most one per kind every {@link #DEFAULT_INTERVAL}. */
    public static Diagnostics forLogger(String name) {
        return forLogger(name, DEFAULT_INTERVAL);
    }

    /** Warnings to the logger {@code name}, at most one per kind every {@code interval}. */
    public static Diagnostics forLogger(String name, Duration interval) {
        Objects.requireNonNull(name, "name");
        if (interval == null || interval.isNegative()) {
            throw new IllegalArgumentException("interval must not be negative, was " + interval);
        }
        return new Diagnostics(
                new ThrottledLogger(LoggerFactory.getLogger(name), interval.toNanos(), TimeUnit.NANOSECONDS));
    }

    /**
     * Logs {@code message} at WARN unless a warning of this {@code kind} was logged within the
     * interval; the next one logged says how many were suppressed. Never throws.
     */
    public void warn(String kind, String message) {
        try {
            log.warn(kind, message);
        } catch (RuntimeException loggingFailed) {
            // The application's logging is not ours to break: a warning lost is the lesser harm.
        }
    }

    /**
     * A hook of {@code component} (for example {@code "Oceum LangChain4j listener"}) failed in
     * {@code where} and goes on: warns "{@code <component> failed in <where> and ignored it: <t>}"
     * (rate-limited per {@code where}); rethrows only a failing JVM ({@link #rethrowIfFatal}).
     */
    public void ignored(String component, String where, Throwable t) {
        rethrowIfFatal(t);
        warn("failed:" + where, component + " failed in " + where + " and ignored it: " + t);
    }

    /**
     * Rethrows {@code t} if the JVM is failing (a {@link VirtualMachineError} such as
     * {@link OutOfMemoryError}); anything else, a {@link StackOverflowError} included (a deep
     * application stack, which unwinds), is the hook's to log and swallow. OpenTelemetry's rule.
     */
    public static void rethrowIfFatal(Throwable t) {
        Fatal.rethrowIfFatal(t);
    }
}
