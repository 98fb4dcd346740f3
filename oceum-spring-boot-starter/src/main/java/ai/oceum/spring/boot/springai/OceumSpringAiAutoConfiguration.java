package ai.oceum.spring.boot.springai;

import ai.oceum.Oceum;
import ai.oceum.spring.boot.OceumProperties;
import ai.oceum.spring.boot.OceumPropertyException;
import ai.oceum.spring.boot.observation.OceumObservationRegistrar;
import ai.oceum.springai.AgentTaskNaming;
import ai.oceum.springai.OceumObservationHandler;
import ai.oceum.springai.OceumSpringAiOptions;
import java.util.Locale;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * Spring AI, when present ({@code oceum.spring-ai.*}, off with {@code oceum.spring-ai.enabled=false}):
 * <ul>
 * <li>the {@link OceumObservationHandler} of {@code oceum-spring-ai} on every
 *     {@code ObservationRegistry} bean (Boot's, or the one {@code OceumObservationAutoConfiguration}
 *     makes when there is none), through an {@link OceumObservationRegistrar}: each
 *     {@code ChatClient} call a task, each model call a {@code usage}, each tool call timed with its
 *     status. It steps back where the application registered the handler itself (an
 *     {@code OceumObservationHandler} bean, or {@code OceumSpringAi.register} on that registry), so
 *     nothing is reported twice;</li>
 * <li>Spring AI's {@code ToolExecutionExceptionProcessor} bean wrapped with
 *     {@code OceumSpringAi.toolExceptionProcessor(..)}, so a tool failure that Spring AI turns into
 *     a result text for the model is reported as failed too.</li>
 * </ul>
 * Needs {@code oceum.observation.enabled} (the hand-over of registries to registrars).
 *
 * <p>Spring configuration: Spring calls it while it starts the context, on one thread.
 */
@AutoConfiguration(afterName = "ai.oceum.spring.boot.observation.OceumObservationAutoConfiguration")
@ConditionalOnClass(
        name = {
            "ai.oceum.springai.OceumSpringAi",
            "io.micrometer.observation.ObservationRegistry",
            "org.springframework.ai.chat.client.observation.ChatClientObservationContext",
            "org.springframework.ai.tool.execution.ToolExecutionExceptionProcessor"
        })
@ConditionalOnProperty(
        prefix = "oceum",
        name = {"enabled", "observation.enabled", "spring-ai.enabled"},
        havingValue = "true",
        matchIfMissing = true)
@ConditionalOnBean(Oceum.class)
public class OceumSpringAiAutoConfiguration {

    /** The handler's options from {@code oceum.spring-ai.*}; your own bean of this type replaces it. */
    @Bean
    @ConditionalOnMissingBean
    public OceumSpringAiOptions oceumSpringAiOptions(OceumProperties properties) {
        OceumSpringAiOptions.Builder options = OceumSpringAiOptions.builder()
                .includeContent(properties.getSpringAi().isIncludeContent());
        try {
            options.maxContentLength(properties.getSpringAi().getMaxContentLength());
        } catch (IllegalArgumentException e) {
            throw new OceumPropertyException("oceum.spring-ai.max-content-length", e.getMessage());
        }
        return options.agentTaskNaming(agentTaskNaming(properties.getSpringAi().getAgentTaskNaming()))
                .build();
    }

    /** {@code auto}, {@code always} or {@code off}, in any case; anything else stops the start-up. */
    private static AgentTaskNaming agentTaskNaming(String value) {
        try {
            return AgentTaskNaming.valueOf(value == null ? "" : value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new OceumPropertyException(
                    "oceum.spring-ai.agent-task-naming", "must be auto, always or off, was '" + value + "'");
        }
    }

    /**
     * Registers the handler on each registry, unless the application declared an
     * {@link OceumObservationHandler} bean (Boot, or the starter's registry, adds that one).
     */
    @Bean
    @ConditionalOnMissingBean(OceumObservationHandler.class)
    public OceumObservationRegistrar oceumSpringAiRegistrar(OceumSpringAiOptions options) {
        return new SpringAiRegistrar(options);
    }

    /** Static, as post-processors are: created before the beans it wraps. */
    @Bean
    static ToolExceptionProcessorWrapper oceumToolExceptionProcessorWrapper() {
        return new ToolExceptionProcessorWrapper();
    }
}
