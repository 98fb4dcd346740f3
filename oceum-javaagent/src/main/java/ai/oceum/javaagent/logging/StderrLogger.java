package ai.oceum.javaagent.logging;

import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/** Writes WARN and ERROR as one stderr line, {@code [oceum] WARN message (exception)}; drops the rest. */
final class StderrLogger extends LegacyAbstractLogger {
    private static final long serialVersionUID = 1L;

    StderrLogger(String name) {
        this.name = name;
    }

    @Override
    public boolean isTraceEnabled() {
        return false;
    }

    @Override
    public boolean isDebugEnabled() {
        return false;
    }

    @Override
    public boolean isInfoEnabled() {
        return false;
    }

    @Override
    public boolean isWarnEnabled() {
        return true;
    }

    @Override
    public boolean isErrorEnabled() {
        return true;
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(
            Level level, Marker marker, String pattern, Object[] args, Throwable throwable) {
        if (level != Level.WARN && level != Level.ERROR) {
            return;
        }
        String message = MessageFormatter.basicArrayFormat(pattern, args);
        System.err.println("[oceum] " + level + " " + message + (throwable == null ? "" : " (" + throwable + ")"));
    }
}
