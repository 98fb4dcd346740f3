package ai.oceum.spring.boot.logging;

import ai.oceum.Oceum;
import ai.oceum.logback.OceumAppender;
import ai.oceum.spring.boot.OceumProperties;
import ai.oceum.spring.boot.OceumPropertyException;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import java.time.Duration;
import java.util.Iterator;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;

/**
 * Puts an {@link OceumAppender} on Logback's root logger, reporting through the context's client,
 * without any change to {@code logback-spring.xml}; takes it off again when the context closes
 * (the appender then flushes, and the client is closed after it). Does nothing when an
 * {@code OceumAppender} is already configured on any logger, so a hand-written one is never
 * doubled, nor when Logback is not SLF4J's backend.
 *
 * <p>Runs once at startup and once at shutdown, on the thread that creates or destroys the
 * context; the appender itself is thread-safe.
 */
public class LogbackAppenderInstaller implements InitializingBean, DisposableBean {
    /** The name of the appender the starter adds. */
    public static final String APPENDER_NAME = "OCEUM_SPRING_BOOT";

    private static final org.slf4j.Logger log = LoggerFactory.getLogger("ai.oceum.spring.boot");

    private final Oceum oceum;
    private final OceumProperties properties;
    private OceumAppender installed;
    private Logger root;

    /** An installer for {@code oceum}, configured by {@code oceum.logging.*}. */
    public LogbackAppenderInstaller(Oceum oceum, OceumProperties properties) {
        this.oceum = oceum;
        this.properties = properties;
        String level = properties.getLogging().getMinimumLevel();
        if (level == null || Level.toLevel(level.strip(), null) == null) {
            throw new OceumPropertyException(
                    "oceum.logging.minimum-level",
                    "'" + level + "' is not a level: use TRACE, DEBUG, INFO, WARN or ERROR");
        }
        if (properties.getLogging().getFloodMaxKeys() < 1) {
            throw new OceumPropertyException(
                    "oceum.logging.flood-max-keys",
                    "must be at least 1, was " + properties.getLogging().getFloodMaxKeys()
                            + "; to turn flood control off set oceum.logging.flood-window=0");
        }
        Duration window = properties.getLogging().getFloodWindow();
        if (window == null || window.isNegative()) {
            throw new OceumPropertyException("oceum.logging.flood-window", "must not be negative, was " + window);
        }
    }

    @Override
    public void afterPropertiesSet() {
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        if (!(factory instanceof LoggerContext context)) {
            log.debug("SLF4J's backend is not Logback: the Oceum appender is not added");
            return;
        }
        String configured = configuredAppender(context);
        if (configured != null) {
            log.info(
                    "An OceumAppender ('{}') is configured in the Logback configuration; the starter does not add another",
                    configured);
            return;
        }
        OceumProperties.Logging p = properties.getLogging();
        OceumAppender appender = new OceumAppender();
        appender.setContext(context);
        appender.setName(APPENDER_NAME);
        appender.setClient(oceum);
        appender.setMinimumLevel(p.getMinimumLevel().strip());
        appender.setIncludeMdc(p.isIncludeMdc());
        appender.setMdcKeys(p.getMdcKeys());
        appender.setFloodWindow(p.getFloodWindow().toMillis() + "ms");
        appender.setFloodMaxKeys(p.getFloodMaxKeys());
        appender.setFlushTimeout(properties.getCloseTimeout().toMillis() + "ms");
        appender.start();
        if (!appender.isStarted()) {
            log.warn(
                    "The Oceum appender did not start (see Logback's status messages); error logs are not sent to Oceum");
            return;
        }
        root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(appender);
        installed = appender;
    }

    /** The appender this installer added, or null. */
    public OceumAppender appender() {
        return installed;
    }

    /** The name of an {@code OceumAppender} configured on any logger (other than ours), or null. */
    private static String configuredAppender(LoggerContext context) {
        for (Logger logger : context.getLoggerList()) {
            for (Iterator<Appender<ILoggingEvent>> it = logger.iteratorForAppenders(); it.hasNext(); ) {
                Appender<ILoggingEvent> a = it.next();
                if (a instanceof OceumAppender && !APPENDER_NAME.equals(a.getName())) {
                    return a.getName();
                }
            }
        }
        return null;
    }

    @Override
    public void destroy() {
        OceumAppender appender = installed;
        if (appender != null) {
            installed = null;
            root.detachAppender(appender);
            appender.stop(); // flushes the shared client; the client itself is closed after this bean
        }
    }
}
