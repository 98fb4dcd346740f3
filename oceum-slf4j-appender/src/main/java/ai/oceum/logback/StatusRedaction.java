package ai.oceum.logback;

import ch.qos.logback.core.status.ErrorStatus;
import ch.qos.logback.core.status.InfoStatus;
import ch.qos.logback.core.status.Status;
import ch.qos.logback.core.status.StatusListener;
import ch.qos.logback.core.status.StatusManager;
import ch.qos.logback.core.status.WarnStatus;
import java.util.ArrayList;
import java.util.List;

/**
 * Takes a secret out of the status messages Logback has kept. Joran records every variable it
 * substitutes as {@code value "<value>" substituted for "${VAR}"}, so {@code <apiKey>${OCEUM_API_KEY}</apiKey>}
 * puts the key in the status list, which Logback prints at startup as soon as any status is a
 * warning. Listeners that already printed (a {@code debug="true"} console listener) cannot be
 * undone; what is printed from the list afterwards no longer holds the secret.
 *
 * <p>Call it while the configuration is being read (from {@code start()}): the list is rebuilt
 * with the listeners detached, so a status added by another thread in that instant could be
 * missed by them.
 */
final class StatusRedaction {
    /** What replaces the secret in a status message. */
    static final String MARK = "[redacted: the Oceum API key]";

    private StatusRedaction() {}

    /** Replaces {@code secret} in every kept status message; returns how many statuses held it. */
    static int redact(StatusManager manager, String secret) {
        if (manager == null || secret == null || secret.isBlank()) {
            return 0;
        }
        List<Status> kept = manager.getCopyOfStatusList();
        List<Status> cleaned = new ArrayList<>(kept.size());
        int found = 0;
        for (Status s : kept) {
            String message = s.getMessage();
            if (message != null && message.contains(secret)) {
                cleaned.add(copy(s, message.replace(secret, MARK)));
                found++;
            } else {
                cleaned.add(s);
            }
        }
        if (found == 0) {
            return 0;
        }
        // Re-adding notifies listeners: detach them, so nothing is printed twice.
        List<StatusListener> listeners = manager.getCopyOfStatusListenerList();
        listeners.forEach(manager::remove);
        try {
            manager.clear();
            cleaned.forEach(manager::add);
        } finally {
            listeners.forEach(manager::add);
        }
        return found;
    }

    private static Status copy(Status s, String message) {
        Status copy = switch (s.getLevel()) {
            case Status.ERROR -> new ErrorStatus(message, s.getOrigin(), s.getThrowable());
            case Status.WARN -> new WarnStatus(message, s.getOrigin(), s.getThrowable());
            default -> new InfoStatus(message, s.getOrigin(), s.getThrowable());
        };
        if (s.hasChildren()) {
            s.iterator().forEachRemaining(copy::add);
        }
        return copy;
    }
}
