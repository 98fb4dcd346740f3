package ai.oceum.spring.boot;

import java.util.Locale;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a refused {@code oceum.*} value into Boot's "APPLICATION FAILED TO START" report: the
 * property, the reason, and where to change it (the property or its environment variable).
 *
 * <p>Stateless; Spring Boot calls it once, on the thread whose startup failed.
 */
public class OceumFailureAnalyzer extends AbstractFailureAnalyzer<OceumPropertyException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, OceumPropertyException cause) {
        String property = cause.property();
        String description = "Invalid Oceum configuration: property '" + property + "': " + cause.getMessage();
        String action = "Update '" + property + "' in your application configuration (or the environment variable "
                + environmentName(property) + "), or set oceum.enabled=false to run without Oceum.";
        return new FailureAnalysis(description, action, cause);
    }

    /** {@code oceum.queue-capacity} → {@code OCEUM_QUEUE_CAPACITY}, the name relaxed binding accepts. */
    static String environmentName(String property) {
        return property.replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT);
    }
}
