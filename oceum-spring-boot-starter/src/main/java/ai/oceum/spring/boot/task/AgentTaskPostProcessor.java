package ai.oceum.spring.boot.task;

import ai.oceum.Oceum;
import ai.oceum.annotation.AgentTask;
import java.lang.reflect.Proxy;
import java.util.function.Supplier;
import org.springframework.aop.framework.autoproxy.AbstractBeanFactoryAwareAdvisingPostProcessor;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.annotation.AnnotationMatchingPointcut;

/**
 * Proxies every bean that has an {@code @AgentTask} method (on its class, a superclass or an
 * interface) with {@link AgentTaskInterceptor}; a bean that is already an AOP proxy gets the
 * advisor added, outermost, so the task also covers other advice such as a transaction. Beans
 * without such a method are left untouched.
 *
 * <p>LangChain4j AI services are skipped: their {@code @AgentTask} methods are reported by the
 * LangChain4j listeners, which the starter registers on {@code @AiService} beans.
 */
public class AgentTaskPostProcessor extends AbstractBeanFactoryAwareAdvisingPostProcessor {
    private static final long serialVersionUID = 1L;

    /** A post-processor reporting through the client {@code client} supplies at each call. */
    public AgentTaskPostProcessor(Supplier<Oceum> client) {
        this.advisor = new DefaultPointcutAdvisor(new AnnotationMatchingPointcut(null, AgentTask.class, true),
                new AgentTaskInterceptor(client));
        setBeforeExistingAdvisors(true);
    }

    @Override
    protected boolean isEligible(Object bean, String beanName) {
        if (Proxy.isProxyClass(bean.getClass())
                && Proxy.getInvocationHandler(bean).getClass().getName().startsWith("dev.langchain4j.")) {
            return false;
        }
        return super.isEligible(bean, beanName);
    }
}
