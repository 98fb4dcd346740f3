package ai.oceum.annotation;

import ai.oceum.Oceum;
import java.util.Objects;

/**
 * Applies {@link AgentTask} to calls through an interface with a JDK dynamic proxy; used by
 * {@code Oceum.instrument(iface, target)}.
 */
public final class AgentTaskProxy {
    private AgentTaskProxy() {
    }

    /** A proxy of {@code iface} that reports annotated methods as tasks and delegates to {@code target}. */
    public static <T> T create(Oceum oceum, Class<T> iface, T target) {
        Objects.requireNonNull(oceum, "oceum");
        Objects.requireNonNull(iface, "iface");
        Objects.requireNonNull(target, "target");
        if (!iface.isInterface()) {
            throw new IllegalArgumentException(iface.getName() + " is not an interface");
        }
        // Not implemented yet: see the @AgentTask issue.
        return target;
    }
}
