package ai.oceum.spring.boot.task;

import ai.oceum.Oceum;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * {@code @AgentTask} on Spring bean methods, through Spring AOP (no AspectJ, no Java agent).
 * Off with {@code oceum.agent-task.enabled=false}, and when the Oceum Java agent is on (it then
 * reports those methods itself, through the same client).
 *
 * <p>Spring configuration: Spring calls it while it starts the context, on one thread.
 */
@AutoConfiguration(afterName = "ai.oceum.spring.boot.OceumAutoConfiguration")
@ConditionalOnClass(name = "org.springframework.aop.framework.autoproxy.AbstractBeanFactoryAwareAdvisingPostProcessor")
@ConditionalOnProperty(
        prefix = "oceum",
        name = {"enabled", "agent-task.enabled"},
        havingValue = "true",
        matchIfMissing = true)
@ConditionalOnBean(Oceum.class)
@Conditional(AgentTaskAutoConfiguration.NoJavaAgent.class)
public class AgentTaskAutoConfiguration {

    /**
     * Static, so that it is created with the other post-processors without creating this
     * configuration; the client is looked up at the first call, not here.
     */
    @Bean
    public static AgentTaskPostProcessor oceumAgentTaskPostProcessor(ObjectProvider<Oceum> oceum) {
        AgentTaskPostProcessor postProcessor = new AgentTaskPostProcessor(new LazyClient(oceum));
        postProcessor.setProxyTargetClass(true);
        return postProcessor;
    }

    /** Looks the client up once, at the first call. */
    private static final class LazyClient implements java.util.function.Supplier<Oceum> {
        private final ObjectProvider<Oceum> provider;
        private volatile Oceum client;

        LazyClient(ObjectProvider<Oceum> provider) {
            this.provider = provider;
        }

        @Override
        public Oceum get() {
            Oceum c = client;
            if (c == null) {
                c = provider.getIfAvailable();
                client = c;
            }
            return c;
        }
    }

    /** True unless the Oceum Java agent reports {@code @AgentTask} calls in this JVM. */
    static final class NoJavaAgent implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            if (JavaAgentDetector.agentActive()) {
                LoggerFactory.getLogger("ai.oceum.spring.boot")
                        .info("The Oceum Java agent is on: it reports @AgentTask "
                                + "methods, so the starter's interceptor steps back (one task per call).");
                return false;
            }
            return true;
        }
    }
}
