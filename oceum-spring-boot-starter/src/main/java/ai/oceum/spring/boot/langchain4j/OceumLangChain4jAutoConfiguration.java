package ai.oceum.spring.boot.langchain4j;

import ai.oceum.Oceum;
import ai.oceum.langchain4j.OceumChatModelListener;
import ai.oceum.langchain4j.OceumLangChain4jOptions;
import ai.oceum.spring.boot.OceumProperties;
import ai.oceum.spring.boot.OceumPropertyException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * LangChain4j, when present ({@code oceum.langchain4j.*}, off with
 * {@code oceum.langchain4j.enabled=false}):
 * <ul>
 * <li>an {@link OceumChatModelListener} bean, which LangChain4j's Boot starters attach to every
 *     model they build ({@code ObjectProvider<ChatModelListener>}): one {@code usage} per model
 *     call, one {@code error} per failed call;</li>
 * <li>each {@code @AiService} bean of {@code langchain4j-spring-boot-starter} built with the
 *     Oceum AI-service listeners and tool hooks, as {@code OceumLangChain4j.instrument(..)} does by
 *     hand: every call is one task with its model calls, tokens and tool calls. That starter
 *     registers no listeners itself.</li>
 * </ul>
 *
 * <p>Spring configuration: Spring calls it while it starts the context, on one thread.
 */
@AutoConfiguration(
        afterName = "ai.oceum.spring.boot.OceumAutoConfiguration",
        beforeName = {"dev.langchain4j.openai.spring.AutoConfig", "dev.langchain4j.service.spring.AiServicesAutoConfig"
        })
@ConditionalOnClass(
        name = {"dev.langchain4j.model.chat.listener.ChatModelListener", "ai.oceum.langchain4j.OceumChatModelListener"})
@ConditionalOnProperty(
        prefix = "oceum",
        name = {"enabled", "langchain4j.enabled"},
        havingValue = "true",
        matchIfMissing = true)
@ConditionalOnBean(Oceum.class)
public class OceumLangChain4jAutoConfiguration {

    /** The adapter's options from {@code oceum.langchain4j.*}. */
    @Bean
    @ConditionalOnMissingBean
    public OceumLangChain4jOptions oceumLangChain4jOptions(OceumProperties properties) {
        try {
            return OceumLangChain4jOptions.builder()
                    .includeContent(properties.getLangchain4j().isIncludeContent())
                    .maxContentLength(properties.getLangchain4j().getMaxContentLength())
                    .build();
        } catch (IllegalArgumentException e) {
            throw new OceumPropertyException("oceum.langchain4j.max-content-length", e.getMessage());
        }
    }

    /** Usage and model errors of every model LangChain4j's starters build. */
    @Bean
    @ConditionalOnMissingBean
    public OceumChatModelListener oceumChatModelListener(Oceum oceum, OceumLangChain4jOptions options) {
        return new OceumChatModelListener(oceum, options);
    }

    /** {@code @AiService} beans (needs {@code langchain4j-spring-boot-starter} and {@code langchain4j}). */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = {"dev.langchain4j.service.spring.AiService", "dev.langchain4j.service.AiServices"})
    static class AiServiceConfiguration {

        /** Static: a post-processor, created before the beans it processes; the client is looked up later. */
        @Bean
        static AiServiceInstrumenter oceumAiServiceInstrumenter(
                ObjectProvider<Oceum> oceum, ObjectProvider<OceumLangChain4jOptions> options) {
            return new AiServiceInstrumenter(oceum, options);
        }
    }
}
