package ai.oceum.spring.boot.logging;

import ai.oceum.Oceum;
import ai.oceum.spring.boot.OceumProperties;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * Error logs to Oceum with Logback as the backend ({@code oceum.logging.*}); off with
 * {@code oceum.logging.enabled=false} or without Logback.
 *
 * <p>Spring configuration: Spring calls it while it starts the context, on one thread.
 */
@AutoConfiguration(afterName = "ai.oceum.spring.boot.OceumAutoConfiguration")
@ConditionalOnClass(name = {"ch.qos.logback.classic.LoggerContext", "ai.oceum.logback.OceumAppender"})
@ConditionalOnProperty(
        prefix = "oceum",
        name = {"enabled", "logging.enabled"},
        havingValue = "true",
        matchIfMissing = true)
@ConditionalOnBean(Oceum.class)
public class OceumLoggingAutoConfiguration {

    /** Adds the appender to the root logger at startup, removes it at shutdown. */
    @Bean
    @ConditionalOnMissingBean
    public LogbackAppenderInstaller oceumLogbackAppenderInstaller(Oceum oceum, OceumProperties properties) {
        return new LogbackAppenderInstaller(oceum, properties);
    }
}
