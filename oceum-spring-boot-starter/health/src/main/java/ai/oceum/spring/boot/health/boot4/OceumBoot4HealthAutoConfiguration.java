package ai.oceum.spring.boot.health.boot4;

import ai.oceum.spring.boot.health.DeliveryHealth;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * Registers the {@code oceum} health contributor on Boot 4.0. Guarded by the class name only
 * (evaluated before this class is loaded), so on Boot 3.5, where these types do not exist, it is
 * skipped without touching them. Off with {@code management.health.oceum.enabled=false}.
 *
 * <p>Spring configuration: Spring calls it while it starts the context, on one thread.
 */
@AutoConfiguration(afterName = "ai.oceum.spring.boot.OceumAutoConfiguration")
@ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
@ConditionalOnBean(DeliveryHealth.class)
@ConditionalOnEnabledHealthIndicator("oceum")
public class OceumBoot4HealthAutoConfiguration {

    /** The contributor; its bean name makes Boot show it as {@code oceum}. */
    @Bean
    @ConditionalOnMissingBean(name = "oceumHealthIndicator")
    public OceumBoot4HealthIndicator oceumHealthIndicator(DeliveryHealth deliveryHealth) {
        return new OceumBoot4HealthIndicator(deliveryHealth);
    }
}
