package ai.oceum.vault;

/** How long a vault token lives; the wire values are those of the reference SDK. *
 * <p>An enum: immutable and thread-safe.
 */
public enum VaultTtl {
    /** One hour. */
    HOURS_1("1h"),
    /** Six hours. */
    HOURS_6("6h"),
    /** One day. */
    HOURS_24("24h"),
    /** One week. */
    DAYS_7("7d"),
    /** Thirty days (the default). */
    DAYS_30("30d"),
    /** Until revoked. */
    PERMANENT("permanent");

    private final String wire;

    VaultTtl(String wire) {
        this.wire = wire;
    }

    /** The value sent on the wire. */
    public String wireValue() {
        return wire;
    }

    @Override
    public String toString() {
        return wire;
    }
}
