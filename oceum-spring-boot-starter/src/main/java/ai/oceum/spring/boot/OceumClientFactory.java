package ai.oceum.spring.boot;

import ai.oceum.Oceum;
import ai.oceum.OceumBuilder;
import ai.oceum.integration.ConfigurationSource;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the client bean from {@link OceumProperties}, fed to the core as its
 * {@link ConfigurationSource}. Boot's environment is the only source: the builder's own
 * environment lookup is replaced, because relaxed binding already maps every {@code OCEUM_*}
 * variable onto its property and a second lookup could disagree with a profile. Stateless.
 */
final class OceumClientFactory {
    private static final Logger log = LoggerFactory.getLogger("ai.oceum.spring.boot");
    private static final Pattern OPTION = Pattern.compile("^Oceum (\\w+)");

    private OceumClientFactory() {}

    /**
     * The client, or a disabled one (with one warning) when no API key is set.
     *
     * @throws OceumPropertyException when a property has a value the client refuses
     */
    static Oceum create(OceumProperties p, List<OceumBuilderCustomizer> customizers) {
        ConfigurationSource source = source(p);
        if (!source.isConfigured()) {
            log.warn("Oceum is disabled: oceum.api-key (OCEUM_API_KEY) is not set, so nothing is reported. "
                    + "Set it and oceum.agent-id (OCEUM_AGENT_ID) to report to Oceum.");
            return Oceum.disabled();
        }
        if (p.getAgentId() == null || p.getAgentId().isBlank()) {
            throw new OceumPropertyException(
                    "oceum.agent-id",
                    "an API key is set but no agent id: set oceum.agent-id "
                            + "(OCEUM_AGENT_ID) to this agent's id in the fleet, for example 'support-triage-v2'");
        }
        OceumBuilder builder = Oceum.builder().configurationSource(source);
        for (OceumBuilderCustomizer customizer : customizers) {
            customizer.customize(builder);
        }
        try {
            return builder.build();
        } catch (IllegalArgumentException | IllegalStateException | NullPointerException e) {
            throw new OceumPropertyException(
                    propertyOf(e.getMessage()),
                    e.getMessage() == null ? "a required value is missing" : e.getMessage());
        }
    }

    /**
     * The client's options as the core names them ({@code OCEUM_QUEUE_CAPACITY}…), written as an
     * operator would write them; unset ones are absent, so the core's defaults apply.
     */
    static ConfigurationSource source(OceumProperties p) {
        Map<String, String> m = new HashMap<>();
        put(m, "OCEUM_API_KEY", p.getApiKey());
        put(m, "OCEUM_AGENT_ID", p.getAgentId());
        put(m, "OCEUM_BASE_URL", p.getBaseUrl());
        put(m, "OCEUM_ALLOW_INSECURE_HTTP", p.isAllowInsecureHttp());
        put(m, "OCEUM_CONNECT_TIMEOUT", p.getConnectTimeout());
        put(m, "OCEUM_REQUEST_TIMEOUT", p.getRequestTimeout());
        put(m, "OCEUM_QUEUE_CAPACITY", p.getQueueCapacity());
        put(m, "OCEUM_MAX_IN_FLIGHT", p.getMaxInFlight());
        put(m, "OCEUM_MAX_RETRIES", p.getMaxRetries());
        put(m, "OCEUM_RETRY_INITIAL_DELAY", p.getRetryInitialDelay());
        put(m, "OCEUM_RETRY_MAX_DELAY", p.getRetryMaxDelay());
        put(m, "OCEUM_SPOOL_DIR", p.getSpoolDir());
        put(
                m,
                "OCEUM_SPOOL_MAX_BYTES",
                p.getSpoolMaxBytes() == null ? null : p.getSpoolMaxBytes().toBytes());
        put(m, "OCEUM_SHUTDOWN_HOOK", p.isShutdownHook());
        put(m, "OCEUM_CLOSE_TIMEOUT", p.getCloseTimeout());
        put(m, "OCEUM_HEARTBEAT_INTERVAL", p.getHeartbeat().getInterval());
        return ConfigurationSource.of(m);
    }

    /** A value as text the core parses back (a Duration as ISO-8601, a size in bytes); nothing for null. */
    private static void put(Map<String, String> m, String name, Object value) {
        if (value != null) {
            m.put(name, value.toString());
        }
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
