package ai.oceum.spring.boot.springai;

import ai.oceum.Oceum;
import ai.oceum.spring.boot.observation.OceumObservationRegistrar;
import ai.oceum.springai.OceumObservationHandler;
import ai.oceum.springai.OceumSpringAi;
import ai.oceum.springai.OceumSpringAiOptions;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import java.lang.reflect.Method;
import java.util.Collection;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;

/**
 * Adds an {@link OceumObservationHandler} to a registry — unless one is on it already, put there
 * by the application ({@code OceumSpringAi.register} in a registrar or registry bean of its own,
 * an {@code ObservationRegistryCustomizer}, a handler bean): two handlers would report every call
 * twice. Runs last among the registrars ({@link Ordered#LOWEST_PRECEDENCE}, and after the
 * application's registrars, whose bean definitions come first), so theirs are seen.
 *
 * <p>Micrometer has no public way to list a registry's handlers; its package-private
 * {@code ObservationConfig.getObservationHandlers()} (there since Micrometer 1.10) is read
 * reflectively. If that ever fails, the handler is added (and a debug line says why the check was
 * skipped); the {@code @ConditionalOnMissingBean} on this registrar still covers a handler bean.
 * Called on the thread creating the registry bean, once per registry; stateless.
 */
final class SpringAiRegistrar implements OceumObservationRegistrar, Ordered {
    private static final Logger log = LoggerFactory.getLogger("ai.oceum.spring.boot");
    private static final Optional<Method> HANDLERS = handlersAccessor();

    private final OceumSpringAiOptions options;

    SpringAiRegistrar(OceumSpringAiOptions options) {
        this.options = options;
    }

    @Override
    public void register(ObservationRegistry registry, Oceum oceum) {
        if (hasOceumHandler(registry)) {
            log.debug(
                    "An OceumObservationHandler is already on the ObservationRegistry (the application registered it): "
                            + "the starter adds none, so Spring AI is reported once");
            return;
        }
        OceumSpringAi.register(registry, oceum, options);
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    static boolean hasOceumHandler(ObservationRegistry registry) {
        if (HANDLERS.isEmpty()) {
            return false;
        }
        try {
            Collection<?> handlers = (Collection<?>) HANDLERS.get().invoke(registry.observationConfig());
            return handlers != null && handlers.stream().anyMatch(SpringAiRegistrar::isOceum);
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.debug(
                    "Cannot list the handlers of the ObservationRegistry ({}): the Spring AI handler is added without "
                            + "checking for one the application registered",
                    e.toString());
            return false;
        }
    }

    private static boolean isOceum(Object handler) {
        if (handler instanceof OceumObservationHandler) {
            return true;
        }
        return handler instanceof ObservationHandler.CompositeObservationHandler composite
                && composite.getHandlers().stream().anyMatch(SpringAiRegistrar::isOceum);
    }

    private static Optional<Method> handlersAccessor() {
        try {
            Method method = ObservationRegistry.ObservationConfig.class.getDeclaredMethod("getObservationHandlers");
            method.setAccessible(true);
            return Optional.of(method);
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.debug(
                    "Micrometer's ObservationConfig.getObservationHandlers() is not accessible ({}): a Spring AI handler "
                            + "the application registered itself is recognised only as a bean",
                    e.toString());
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return "Oceum Spring AI registrar (" + options + ")";
    }
}
