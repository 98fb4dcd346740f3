package ai.oceum.spring.boot.task;

import ai.oceum.Oceum;
import ai.oceum.annotation.AgentTask;
import ai.oceum.integration.Diagnostics;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.function.Supplier;
import org.springframework.aop.framework.Advised;
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
 *
 * <p>Configured while the context starts; the advice it applies is thread-safe.
 */
public class AgentTaskPostProcessor extends AbstractBeanFactoryAwareAdvisingPostProcessor {
    private static final long serialVersionUID = 1L;
    private static final Diagnostics LOG = Diagnostics.forLogger("ai.oceum.spring.boot.task");

    /** A post-processor reporting through the client {@code client} supplies at each call. */
    public AgentTaskPostProcessor(Supplier<Oceum> client) {
        this.advisor = new DefaultPointcutAdvisor(
                new AnnotationMatchingPointcut(null, AgentTask.class, true), new AgentTaskInterceptor(client));
        setBeforeExistingAdvisors(true);
    }

    @Override
    protected boolean isEligible(Object bean, String beanName) {
        if (Proxy.isProxyClass(bean.getClass())
                && Proxy.getInvocationHandler(bean).getClass().getName().startsWith("dev.langchain4j.")) {
            return false;
        }
        if (!super.isEligible(bean, beanName)) {
            return false;
        }
        if (!(bean instanceof Advised) && Modifier.isFinal(bean.getClass().getModifiers())) {
            // A class proxy of a final class fails, and an interface proxy would change the bean's
            // type under the feet of whoever injects the class: leave it, the application must start.
            LOG.warn(
                    beanName,
                    "Oceum cannot report the @AgentTask methods of bean '" + beanName + "': its class "
                            + bean.getClass().getName()
                            + " is final, so Spring AOP cannot proxy it (make it non-final, or use "
                            + "the Oceum Java agent)");
            return false;
        }
        return true;
    }
}
