package ai.oceum.vault;

/**
 * A secret read from the vault. {@link #toString()} never shows it: pass {@link #value()} only
 * where it is needed, and prefer {@code vaultProxy} so that the agent never holds it at all.
 *
 * <p>Immutable and thread-safe.
 */
public final class VaultSecret {
    private final String token;
    private final String value;

    /** A secret read with a token. */
    public VaultSecret(String token, String value) {
        this.token = token;
        this.value = value;
    }

    /** The token it was read with. */
    public String token() {
        return token;
    }

    /** The secret itself. */
    public String value() {
        return value;
    }

    @Override
    public String toString() {
        return "VaultSecret{token=" + token + ", value=[redacted]}";
    }
}
