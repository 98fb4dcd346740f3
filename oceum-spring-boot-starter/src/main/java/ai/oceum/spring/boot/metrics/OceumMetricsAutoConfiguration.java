package ai.oceum.spring.boot.metrics;

import ai.oceum.Oceum;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * The client's delivery counters as Micrometer meters (bound by Boot's metrics support, with the
 * actuator); off with {@code oceum.metrics.enabled=false} or without Micrometer.
 *
 * <p>Spring configuration: Spring calls it while it starts the context, on one thread.
 */
@AutoConfiguration(afterName = "ai.oceum.spring.boot.OceumAutoConfiguration")
@ConditionalOnClass(name = "io.micrometer.core.instrument.binder.MeterBinder")
@ConditionalOnProperty(
        prefix = "oceum",
        name = {"enabled", "metrics.enabled"},
        havingValue = "true",
        matchIfMissing = true)
@ConditionalOnBean(Oceum.class)
public class OceumMetricsAutoConfiguration {

    /** The meters; Boot binds every {@code MeterBinder} bean to its registries. */
    @Bean
    @ConditionalOnMissingBean
    public OceumMeterBinder oceumMeterBinder(Oceum oceum) {
        return new OceumMeterBinder(oceum);
    }
}
