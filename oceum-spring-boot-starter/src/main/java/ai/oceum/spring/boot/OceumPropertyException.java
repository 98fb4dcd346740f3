package ai.oceum.spring.boot;

/**
 * An {@code oceum.*} property has a value the client refuses. Startup stops and
 * {@link OceumFailureAnalyzer} tells the user which property and what to write instead.
 * The message never contains the API key.
 *
 * <p>Its fields are set at construction: safe to read from any thread.
 */
public class OceumPropertyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String property;

    /**
     * @param property the full property name, for example {@code oceum.queue-capacity}
     * @param message what is wrong and how to fix it, free of secrets
     */
    public OceumPropertyException(String property, String message) {
        super(message);
        this.property = property;
    }

    /** The full property name, for example {@code oceum.queue-capacity}. */
    public String property() {
        return property;
    }
}
