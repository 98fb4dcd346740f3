package ai.oceum.spring.boot.langchain4j;

import ai.oceum.Oceum;
import ai.oceum.langchain4j.OceumLangChain4j;
import ai.oceum.langchain4j.OceumLangChain4jOptions;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.agent.tool.ToolSpecifications;
import dev.langchain4j.memory.ChatMemory;
import dev.langchain4j.memory.chat.ChatMemoryProvider;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.moderation.ModerationModel;
import dev.langchain4j.rag.RetrievalAugmentor;
import dev.langchain4j.rag.content.retriever.ContentRetriever;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.tool.DefaultToolExecutor;
import dev.langchain4j.service.tool.ToolExecutor;
import dev.langchain4j.service.tool.ToolProvider;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.aop.framework.AopProxyUtils;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.FactoryBean;
import org.springframework.beans.factory.ObjectProvider;

/**
 * Builds one {@code @AiService} the way {@code langchain4j-spring-boot-starter}'s own factory
 * (1.11) does, with {@link OceumLangChain4j#instrument} applied to the builder: each call of the
 * service is one Oceum task with its model calls, tokens and tool calls (name, duration, status).
 * The client is the context's {@link Oceum} bean. Used once, at startup, by the container.
 */
final class InstrumentedAiServiceFactory implements FactoryBean<Object> {
    /** The bean-definition properties that starter sets, all of which this factory applies. */
    static final Set<String> SETTINGS = Set.of(
            "chatModel",
            "streamingChatModel",
            "chatMemory",
            "chatMemoryProvider",
            "contentRetriever",
            "retrievalAugmentor",
            "moderationModel",
            "toolProvider",
            "tools");

    private final Class<?> service;
    private final Map<String, Object> settings;
    private final ObjectProvider<Oceum> oceum;
    private final ObjectProvider<OceumLangChain4jOptions> options;

    InstrumentedAiServiceFactory(
            Class<?> service,
            Map<String, Object> settings,
            ObjectProvider<Oceum> oceum,
            ObjectProvider<OceumLangChain4jOptions> options) {
        this.service = service;
        this.settings = settings;
        this.oceum = oceum;
        this.options = options;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Object getObject() {
        AiServices<Object> builder = AiServices.builder((Class<Object>) service);
        if (settings.get("chatModel") instanceof ChatModel m) {
            builder.chatModel(m);
        }
        if (settings.get("streamingChatModel") instanceof StreamingChatModel m) {
            builder.streamingChatModel(m);
        }
        if (settings.get("chatMemory") instanceof ChatMemory m) {
            builder.chatMemory(m);
        }
        if (settings.get("chatMemoryProvider") instanceof ChatMemoryProvider p) {
            builder.chatMemoryProvider(p);
        }
        if (settings.get("retrievalAugmentor") instanceof RetrievalAugmentor r) {
            builder.retrievalAugmentor(r);
        } else if (settings.get("contentRetriever") instanceof ContentRetriever r) {
            builder.contentRetriever(r);
        }
        if (settings.get("moderationModel") instanceof ModerationModel m) {
            builder.moderationModel(m);
        }
        if (settings.get("toolProvider") instanceof ToolProvider p) {
            builder.toolProvider(p);
        }
        if (settings.get("tools") instanceof List<?> tools) {
            for (Object tool : tools) {
                if (AopUtils.isAopProxy(tool)) {
                    builder.tools(proxiedTools(tool));
                } else {
                    builder.tools(tool);
                }
            }
        }
        OceumLangChain4jOptions o = options.getIfAvailable(OceumLangChain4jOptions::defaults);
        return OceumLangChain4j.instrument(builder, oceum.getObject(), o).build();
    }

    /**
     * The {@code @Tool} methods of a Spring AOP proxy, called through the proxy (so its advice, such
     * as {@code @AgentTask} or a transaction, applies) but described from the target class, where the
     * annotations are: as the LangChain4j starter does.
     */
    private static Map<ToolSpecification, ToolExecutor> proxiedTools(Object proxy) {
        Map<ToolSpecification, ToolExecutor> executors = new HashMap<>();
        Class<?> targetClass = AopProxyUtils.ultimateTargetClass(proxy);
        for (Method original : targetClass.getDeclaredMethods()) {
            if (!original.isAnnotationPresent(Tool.class)) {
                continue;
            }
            Arrays.stream(proxy.getClass().getMethods())
                    .filter(m -> m.getName().equals(original.getName())
                            && Arrays.equals(m.getParameterTypes(), original.getParameterTypes()))
                    .findFirst()
                    .ifPresent(viaProxy -> executors.put(
                            ToolSpecifications.toolSpecificationFrom(original),
                            new DefaultToolExecutor(proxy, original, viaProxy)));
        }
        return executors;
    }

    @Override
    public Class<?> getObjectType() {
        return service;
    }

    @Override
    public boolean isSingleton() {
        return true;
    }
}
