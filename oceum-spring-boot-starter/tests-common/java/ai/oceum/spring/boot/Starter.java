package ai.oceum.spring.boot;

import ai.oceum.spring.boot.langchain4j.OceumLangChain4jAutoConfiguration;
import ai.oceum.spring.boot.logging.OceumLoggingAutoConfiguration;
import ai.oceum.spring.boot.metrics.OceumMetricsAutoConfiguration;
import ai.oceum.spring.boot.observation.OceumObservationAutoConfiguration;
import ai.oceum.spring.boot.springai.OceumSpringAiAutoConfiguration;
import ai.oceum.spring.boot.task.AgentTaskAutoConfiguration;
import ai.oceum.testing.TestClients;
import ai.oceum.testing.TestReceiver;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Context runners with the starter's line-neutral auto-configurations (the health ones are added
 * by each line's own tests), pointed at a {@link TestReceiver} with short retry waits.
 */
public final class Starter {
    private Starter() {}

    /** The starter's auto-configurations, no properties. */
    public static ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        OceumAutoConfiguration.class,
                        AgentTaskAutoConfiguration.class,
                        OceumLoggingAutoConfiguration.class,
                        OceumLangChain4jAutoConfiguration.class,
                        OceumObservationAutoConfiguration.class,
                        OceumSpringAiAutoConfiguration.class,
                        OceumMetricsAutoConfiguration.class));
    }

    /** The starter reporting to {@code receiver} as agent {@code agentId}. */
    public static ApplicationContextRunner runner(TestReceiver receiver, String agentId) {
        return runner().withPropertyValues(properties(receiver.baseUrl(), agentId));
    }

    /** The properties of a client reporting to {@code baseUrl}, retrying fast. */
    public static String[] properties(String baseUrl, String agentId) {
        return new String[] {
            "oceum.api-key=" + TestClients.API_KEY,
            "oceum.agent-id=" + agentId,
            "oceum.base-url=" + baseUrl,
            "oceum.retry-initial-delay=20ms",
            "oceum.retry-max-delay=1s",
            "oceum.connect-timeout=2s",
            "oceum.request-timeout=2s",
            "oceum.close-timeout=5s",
        };
    }
}
