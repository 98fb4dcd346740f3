package ai.oceum.devserver.store;

/** The database failed; the request is answered 500 and nothing of it is stored. */
public final class StoreException extends RuntimeException {
    /** A failure with its cause. */
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
