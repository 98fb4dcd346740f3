package ai.oceum.spring.boot;

import ai.oceum.OceumBuilder;

/**
 * A bean that adjusts the {@code Oceum} client's builder after the {@code oceum.*} properties
 * were applied and before it is built: what it sets wins over the properties. Customizers run in
 * {@link org.springframework.core.Ordered} / {@code @Order} order, once, on the thread that
 * creates the client bean. Not called when the client is disabled (no API key) or when the
 * application defines its own {@code Oceum} bean.
 *
 * <pre>{@code
 * @Bean
 * OceumBuilderCustomizer bigQueue() {
 *     return builder -> builder.queueCapacity(50_000);
 * }
 * }</pre>
 */
@FunctionalInterface
public interface OceumBuilderCustomizer {
    /** Adjusts {@code builder}; must not build it. */
    void customize(OceumBuilder builder);
}
