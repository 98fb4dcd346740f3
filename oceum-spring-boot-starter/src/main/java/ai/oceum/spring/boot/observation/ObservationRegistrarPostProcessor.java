package ai.oceum.spring.boot.observation;

import ai.oceum.Oceum;
import io.micrometer.observation.ObservationRegistry;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Hands each {@link ObservationRegistry} bean, once it is initialised, to every
 * {@link OceumObservationRegistrar} bean. Boot configures its registry in a post-processor of
 * its own; this one runs after it (lowest order), so registrars see the finished registry.
 * Runs on the thread creating the registry; remembers each registry so it is handed over once.
 */
final class ObservationRegistrarPostProcessor implements BeanPostProcessor {
    private final ObjectProvider<OceumObservationRegistrar> registrars;
    private final ObjectProvider<Oceum> oceum;
    private final Set<ObservationRegistry> done =
            Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));

    ObservationRegistrarPostProcessor(
            ObjectProvider<OceumObservationRegistrar> registrars, ObjectProvider<Oceum> oceum) {
        this.registrars = registrars;
        this.oceum = oceum;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof ObservationRegistry registry
                && registry != ObservationRegistry.NOOP
                && done.add(registry)) {
            Oceum client = oceum.getIfAvailable();
            if (client != null) {
                registrars.orderedStream().forEach(r -> {
                    try {
                        r.register(registry, client);
                    } catch (RuntimeException e) {
                        LoggerFactory.getLogger("ai.oceum.spring.boot")
                                .warn(
                                        "Oceum observation registrar {} failed; "
                                                + "observations are not reported through it: {}",
                                        r,
                                        e.toString());
                    }
                });
            }
        }
        return bean;
    }
}
