package ai.oceum.spring.boot.springai;

import ai.oceum.springai.OceumSpringAi;
import ai.oceum.springai.OceumToolExecutionExceptionProcessor;
import java.util.Set;
import org.slf4j.LoggerFactory;
import org.springframework.ai.tool.execution.ToolExecutionExceptionProcessor;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.util.ClassUtils;

/**
 * Wraps each {@link ToolExecutionExceptionProcessor} bean (Spring AI's auto-configured one, or the
 * application's) with {@link OceumSpringAi#toolExceptionProcessor(ToolExecutionExceptionProcessor)}:
 * the tool call is marked failed, then the original processor does exactly what it did (return
 * the message to the model, or rethrow). Spring AI's auto-configuration hands this bean to its
 * {@code ToolCallingManager}, which runs the chat model's tools (1.1) or the {@code ChatClient}'s
 * {@code ToolCallingAdvisor}'s (2.0).
 *
 * <p>A processor that is already Oceum's is left alone (no double wrapping). A bean that is
 * something else as well (its class implements other interfaces) is left alone too, with one
 * line saying how to wrap it: the wrapper would hide those other types from whoever injects them.
 * Runs on the thread creating the bean; stateless.
 */
final class ToolExceptionProcessorWrapper implements BeanPostProcessor {

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (!(bean instanceof ToolExecutionExceptionProcessor processor)
                || bean instanceof OceumToolExecutionExceptionProcessor) {
            return bean;
        }
        Set<Class<?>> interfaces = ClassUtils.getAllInterfacesForClassAsSet(bean.getClass());
        if (interfaces.size() != 1) {
            LoggerFactory.getLogger("ai.oceum.spring.boot")
                    .info(
                            "The ToolExecutionExceptionProcessor bean '{}' is also a {} "
                                    + "and is left as it is: tool failures Spring AI turns into text are reported as failed only if you "
                                    + "wrap it with OceumSpringAi.toolExceptionProcessor(..)",
                            beanName,
                            interfaces.stream()
                                    .filter(i -> i != ToolExecutionExceptionProcessor.class)
                                    .map(Class::getName)
                                    .toList());
            return bean;
        }
        return OceumSpringAi.toolExceptionProcessor(processor);
    }
}
