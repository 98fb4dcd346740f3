package com.example.readme;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.LoggerFactory;

/** The formatted messages one logger of the application's Logback context writes, from any thread. */
final class CapturedLog extends AppenderBase<ILoggingEvent> implements AutoCloseable {
    private final List<String> messages = new CopyOnWriteArrayList<>();
    private final Logger logger;

    private CapturedLog(Logger logger) {
        this.logger = logger;
    }

    static CapturedLog of(Class<?> type) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        CapturedLog log = new CapturedLog(context.getLogger(type));
        log.setContext(context);
        log.setName("captured-" + type.getSimpleName());
        log.start();
        log.logger.addAppender(log);
        return log;
    }

    @Override
    protected void append(ILoggingEvent event) {
        messages.add(event.getFormattedMessage());
    }

    List<String> messages() {
        return List.copyOf(messages);
    }

    @Override
    public void close() {
        logger.detachAppender(this);
        stop();
    }
}
