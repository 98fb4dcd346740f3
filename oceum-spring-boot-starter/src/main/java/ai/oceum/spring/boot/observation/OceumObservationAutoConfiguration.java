package ai.oceum.spring.boot.observation;

import ai.oceum.Oceum;
import io.micrometer.observation.ObservationFilter;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationPredicate;
import io.micrometer.observation.ObservationRegistry;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * Makes sure Micrometer observations (Spring AI's in particular) reach Oceum's handlers.
 *
 * <p>Spring AI observes models, chat clients and tools only through an
 * {@link ObservationRegistry} bean; Boot makes one only with the actuator (3.5) or
 * {@code spring-boot-micrometer-observation} (4.0). Without one, and with Spring AI present, this
 * configuration makes a registry with every {@link ObservationHandler}, {@link ObservationPredicate} and
 * {@link ObservationFilter} bean, as Boot would. Either way each registry is handed to the
 * {@link OceumObservationRegistrar} beans, the extension point of the Spring AI adapter.
 * Off with {@code oceum.observation.enabled=false}.
 *
 * <p>Spring configuration: Spring calls it while it starts the context, on one thread.
 */
@AutoConfiguration(
        afterName = {
            "ai.oceum.spring.boot.OceumAutoConfiguration",
            "org.springframework.boot.actuate.autoconfigure.observation.ObservationAutoConfiguration", // Boot 3.5
            "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration"
        }) // Boot 4.0
@ConditionalOnClass(name = "io.micrometer.observation.ObservationRegistry")
@ConditionalOnProperty(
        prefix = "oceum",
        name = {"enabled", "observation.enabled"},
        havingValue = "true",
        matchIfMissing = true)
@ConditionalOnBean(Oceum.class)
public class OceumObservationAutoConfiguration {

    /** Hands every registry to the registrars; static, as post-processors are. */
    @Bean
    static ObservationRegistrarPostProcessor oceumObservationRegistrarPostProcessor(
            ObjectProvider<OceumObservationRegistrar> registrars, ObjectProvider<Oceum> oceum) {
        return new ObservationRegistrarPostProcessor(registrars, oceum);
    }

    /**
     * A registry when the application has none, configured with the observation beans as Boot's
     * would be. Only with Spring AI present: Spring itself depends on Micrometer Observation, and an
     * application that needs no registry should not get one (its HTTP clients would start observing).
     */
    @Bean
    @ConditionalOnClass(name = "org.springframework.ai.model.observation.ModelObservationContext")
    @ConditionalOnMissingBean(ObservationRegistry.class)
    public ObservationRegistry oceumObservationRegistry(
            ObjectProvider<ObservationHandler<?>> handlers,
            ObjectProvider<ObservationPredicate> predicates,
            ObjectProvider<ObservationFilter> filters) {
        ObservationRegistry registry = ObservationRegistry.create();
        handlers.orderedStream().forEach(h -> registry.observationConfig().observationHandler(h));
        predicates.orderedStream().forEach(p -> registry.observationConfig().observationPredicate(p));
        filters.orderedStream().forEach(f -> registry.observationConfig().observationFilter(f));
        LoggerFactory.getLogger("ai.oceum.spring.boot")
                .debug("No ObservationRegistry bean: Oceum made one so that "
                        + "observations (Spring AI's) are reported");
        return registry;
    }
}
