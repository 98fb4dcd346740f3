package ai.oceum.spring.boot;

import ai.oceum.Oceum;
import ai.oceum.OceumBuilder;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the client bean from {@link OceumProperties}. Boot's environment is the only source:
 * the builder's own environment lookup is turned off, because relaxed binding already maps every
 * {@code OCEUM_*} variable onto its property and a second lookup could disagree with a profile.
 *
 * <p>Replace the property mapping with the integration package of issue #13 (a public
 * configuration source an adapter feeds its properties into) once it exists.
 */
final class OceumClientFactory {
    private static final Logger log = LoggerFactory.getLogger("ai.oceum.spring.boot");
    private static final Pattern OPTION = Pattern.compile("^Oceum (\\w+)");

    private OceumClientFactory() {
    }

    /**
     * The client, or a disabled one (with one warning) when no API key is set.
     *
     * @throws OceumPropertyException when a property has a value the client refuses
     */
    static Oceum create(OceumProperties p, List<OceumBuilderCustomizer> customizers) {
        if (!isConfigured(p)) {
            log.warn("Oceum is disabled: oceum.api-key (OCEUM_API_KEY) is not set, so nothing is reported. "
                    + "Set it and oceum.agent-id (OCEUM_AGENT_ID) to report to Oceum.");
            return Oceum.disabled();
        }
        if (p.getAgentId() == null || p.getAgentId().isBlank()) {
            throw new OceumPropertyException("oceum.agent-id", "an API key is set but no agent id: set oceum.agent-id "
                    + "(OCEUM_AGENT_ID) to this agent's id in the fleet, for example 'support-triage-v2'");
        }
        // Replace with the integration package of issue #13 (a configuration source fed with these properties)
        OceumBuilder builder = Oceum.builder()
                .readEnvironment(false)
                .apiKey(p.getApiKey())
                .agentId(p.getAgentId())
                .baseUrl(p.getBaseUrl())
                .allowInsecureHttp(p.isAllowInsecureHttp())
                .connectTimeout(p.getConnectTimeout())
                .requestTimeout(p.getRequestTimeout())
                .queueCapacity(p.getQueueCapacity())
                .maxInFlight(p.getMaxInFlight())
                .maxRetries(p.getMaxRetries())
                .retryInitialDelay(p.getRetryInitialDelay())
                .retryMaxDelay(p.getRetryMaxDelay())
                .spoolDir(p.getSpoolDir())
                .spoolMaxBytes(p.getSpoolMaxBytes() == null ? 64L << 20 : p.getSpoolMaxBytes().toBytes())
                .shutdownHook(p.isShutdownHook())
                .closeTimeout(p.getCloseTimeout())
                .heartbeatInterval(p.getHeartbeat().getInterval());
        for (OceumBuilderCustomizer customizer : customizers) {
            customizer.customize(builder);
        }
        try {
            return builder.build();
        } catch (IllegalArgumentException | IllegalStateException | NullPointerException e) {
            throw new OceumPropertyException(propertyOf(e.getMessage()), e.getMessage() == null
                    ? "a required value is missing" : e.getMessage());
        }
    }

    /** Whether an API key is set. Replace with the integration package of issue #13 ("is this client configured"). */
    // Replace with the integration package of issue #13
    static boolean isConfigured(OceumProperties p) {
        return p.getApiKey() != null && !p.getApiKey().isBlank();
    }

    /** The property a core validation message is about: {@code "Oceum queueCapacity must …"} → {@code oceum.queue-capacity}. */
    static String propertyOf(String message) {
        if (message == null) {
            return "oceum";
        }
        Matcher m = OPTION.matcher(message);
        if (!m.find()) {
            return "oceum";
        }
        String option = m.group(1);
        if (option.equals("API")) {
            return "oceum.api-key";
        }
        if (option.equals("agent")) {
            return "oceum.agent-id";
        }
        if (option.equals("heartbeatInterval")) {
            return "oceum.heartbeat.interval";
        }
        return "oceum." + option.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }
}
