package ai.oceum.spring.boot.langchain4j;

import ai.oceum.Oceum;
import ai.oceum.langchain4j.OceumLangChain4jOptions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.BeansException;
import org.springframework.beans.PropertyValue;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.FactoryBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.BeanReference;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;

/**
 * Replaces each {@code @AiService} factory of {@code langchain4j-spring-boot-starter} with an
 * {@link InstrumentedAiServiceFactory} that builds the same AI service — same model, memory,
 * retriever, tools, all as that starter wired them — with the Oceum listeners and tool hooks
 * registered.
 *
 * <p>The settings are read from the factory's bean definition (the bean references that starter
 * put there), never from its private fields. A definition with a setting this class does not
 * know (a later starter version) is left as it is, with one warning: that AI service then still
 * reports its model calls through the listener bean, but not one task per call.
 *
 * <p>Runs on the thread that creates the beans; no state after startup.
 */
public class AiServiceInstrumenter implements BeanPostProcessor, BeanFactoryAware {
    /** The class of the factory that {@code langchain4j-spring-boot-starter} registers per {@code @AiService}. */
    static final String FACTORY_CLASS = "dev.langchain4j.service.spring.AiServiceFactory";

    private static final Logger log = LoggerFactory.getLogger("ai.oceum.spring.boot.langchain4j");

    private final ObjectProvider<Oceum> oceum;
    private final ObjectProvider<OceumLangChain4jOptions> options;
    private ConfigurableListableBeanFactory beanFactory;

    /** An instrumenter reporting through {@code oceum} with {@code options}, both looked up when a service is built. */
    public AiServiceInstrumenter(ObjectProvider<Oceum> oceum, ObjectProvider<OceumLangChain4jOptions> options) {
        this.oceum = oceum;
        this.options = options;
    }

    @Override
    public void setBeanFactory(BeanFactory beanFactory) {
        if (beanFactory instanceof ConfigurableListableBeanFactory configurable) {
            this.beanFactory = configurable;
        }
    }

    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) throws BeansException {
        if (beanFactory == null
                || !bean.getClass().getName().equals(FACTORY_CLASS)
                || !beanFactory.containsBeanDefinition(beanName)) {
            return bean;
        }
        Class<?> service = ((FactoryBean<?>) bean).getObjectType();
        BeanDefinition definition = beanFactory.getMergedBeanDefinition(beanName);
        Map<String, Object> settings = new LinkedHashMap<>();
        for (PropertyValue pv : definition.getPropertyValues().getPropertyValues()) {
            if (!InstrumentedAiServiceFactory.SETTINGS.contains(pv.getName())) {
                log.warn(
                        "Oceum does not report calls of @AiService {} as tasks: its factory has the setting '{}', which this "
                                + "starter does not know (a newer langchain4j-spring-boot-starter?). Its model calls are still "
                                + "reported.",
                        service == null ? beanName : service.getName(),
                        pv.getName());
                return bean;
            }
            settings.put(pv.getName(), resolve(pv.getValue()));
        }
        return new InstrumentedAiServiceFactory(service, settings, oceum, options);
    }

    /** A bean reference (or a list of them) as the bean(s); any other value as it is. */
    private Object resolve(Object value) {
        if (value instanceof BeanReference reference) {
            return beanFactory.getBean(reference.getBeanName());
        }
        if (value instanceof List<?> list) {
            List<Object> resolved = new ArrayList<>(list.size());
            for (Object element : list) {
                resolved.add(resolve(element));
            }
            return resolved;
        }
        return value;
    }

    /** The settings {@link InstrumentedAiServiceFactory} knows. */
    static Set<String> knownSettings() {
        return InstrumentedAiServiceFactory.SETTINGS;
    }
}
