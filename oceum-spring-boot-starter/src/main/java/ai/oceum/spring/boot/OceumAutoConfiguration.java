package ai.oceum.spring.boot;

import ai.oceum.Oceum;
import ai.oceum.spring.boot.health.DeliveryHealth;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The client bean and its life cycle: an {@link Oceum} built from {@code oceum.*} (unless the
 * application defines its own), registered as {@link Oceum#setGlobal the global client} for the
 * hooks that cannot be handed one (the Java agent, listeners a framework creates); the heartbeat
 * and the agent status while the application runs; a flush after the web server stopped taking
 * requests, and the close when the context is destroyed.
 *
 * <p>Everything the starter does is off with {@code oceum.enabled=false}.
 *
 * <p>Spring configuration: Spring calls it while it starts the context, on one thread.
 */
@AutoConfiguration
@ConditionalOnProperty(prefix = "oceum", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(OceumProperties.class)
public class OceumAutoConfiguration {

    /**
     * The client. A disabled one (one warning, nothing sent) without {@code oceum.api-key}; a
     * refused value stops startup with a failure analysis naming the property. Closed (flushing
     * for {@code oceum.close-timeout}) when the context is destroyed.
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public Oceum oceum(OceumProperties properties, ObjectProvider<OceumBuilderCustomizer> customizers) {
        Oceum oceum = OceumClientFactory.create(
                properties, customizers.orderedStream().toList());
        // At once, not later in the life cycle: a hook that runs while other beans are created
        // would otherwise make Oceum.global() build a second client from the environment.
        Oceum.setGlobal(oceum);
        return oceum;
    }

    /** Whether the client is delivering; read by the {@code oceum} health contributor. */
    @Bean
    @ConditionalOnMissingBean
    public DeliveryHealth oceumDeliveryHealth(Oceum oceum, OceumProperties properties) {
        try {
            return new DeliveryHealth(
                    oceum,
                    properties.getHealth().getGracePeriod(),
                    properties.getHealth().getFailureStatus());
        } catch (IllegalArgumentException e) {
            String property = e.getMessage().startsWith("oceum.health.grace-period")
                    ? "oceum.health.grace-period"
                    : "oceum.health.failure-status";
            throw new OceumPropertyException(property, e.getMessage());
        }
    }

    /** Heartbeat, status and the flush at shutdown. */
    @Bean
    public OceumLifecycle oceumLifecycle(Oceum oceum, OceumProperties properties, DeliveryHealth deliveryHealth) {
        return new OceumLifecycle(oceum, properties, deliveryHealth);
    }
}
