package ai.oceum.spring.boot.observation;

import ai.oceum.Oceum;
import io.micrometer.observation.ObservationRegistry;

/**
 * The extension point for adapters that report through Micrometer observations (Spring AI's
 * model, chat-client and tool observations): a bean of this type is called once for each
 * {@link ObservationRegistry} bean of the context — Boot's own, or the one the starter makes when
 * the application has none — with the context's {@link Oceum} client, before anything can use
 * the registry.
 *
 * <pre>{@code
 * @Bean
 * OceumObservationRegistrar springAi() {
 *     return OceumSpringAi::register;   // oceum-spring-ai: adds its handler to the registry
 * }
 * }</pre>
 *
 * <p>Called on the thread that creates the registry bean, during startup. It must not throw: a
 * problem should be logged and the registry left as it is. A plain
 * {@code ObservationHandler} bean works too (Boot, and the starter's own registry, add every
 * handler bean); use a registrar when the handler needs the client or options of its own.
 */
@FunctionalInterface
public interface OceumObservationRegistrar {
    /** Adds what the adapter needs (handlers, filters) to {@code registry}, reporting through {@code oceum}. */
    void register(ObservationRegistry registry, Oceum oceum);
}
