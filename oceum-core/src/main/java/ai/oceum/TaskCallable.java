package ai.oceum;

/**
 * The body of a task that returns a value, for {@link Oceum#wrap(String, TaskCallable)}. The
 * exception type is inferred, so a body that throws no checked exception needs no try/catch.
 *
 * <p>Called once, on the thread that called {@code wrap}.
 *
 * @param <T> the result type
 * @param <E> the checked exception the body may throw
 */
@FunctionalInterface
public interface TaskCallable<T, E extends Exception> {
    /** Runs the task body. */
    T call() throws E;
}
