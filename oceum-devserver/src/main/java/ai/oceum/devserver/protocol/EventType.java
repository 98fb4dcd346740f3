package ai.oceum.devserver.protocol;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The webhook event types the dev server accepts, with their wire names in both dialects. */
public enum EventType {
    /** The agent is alive. */
    HEARTBEAT("heartbeat"),
    /** A task began. */
    TASK_START("task_start"),
    /** A task ended well. */
    TASK_COMPLETE("task_complete"),
    /** Something failed. */
    ERROR("error"),
    /** The agent's status changed. */
    STATUS("status"),
    /** One model call's token usage. */
    USAGE("usage"),
    /** A shared-memory write. */
    MEMORY("memory"),
    /** Store a secret. */
    VAULT_STORE("vault_store"),
    /** Read a secret back. */
    VAULT_RETRIEVE("vault_retrieve"),
    /** Call an API with the secret injected. */
    VAULT_PROXY("vault_proxy"),
    /** Revoke a token. */
    VAULT_REVOKE("vault_revoke");

    private final String wire;

    EventType(String wire) {
        this.wire = wire;
    }

    /** The snake-case name this server answers with. */
    public String wireName() {
        return wire;
    }

    /** Whether this is one of the vault calls. */
    public boolean isVault() {
        return wire.startsWith("vault_");
    }

    /**
     * Finds a type by its snake-case ({@code task_start}) or camel-case ({@code taskStart}) name.
     */
    public static Optional<EventType> fromWire(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String snake = name.strip()
                .replaceAll("([a-z0-9])([A-Z])", "$1_$2")
                .toLowerCase(Locale.ROOT)
                .replace('-', '_');
        return Arrays.stream(values()).filter(t -> t.wire.equals(snake)).findFirst();
    }

    /** Every known name, for error messages. */
    public static String knownNames() {
        return Arrays.stream(values()).map(EventType::wireName).collect(Collectors.joining(", "));
    }
}
