package ai.oceum;

/**
 * The body of a task that returns nothing, for {@link Oceum#wrap(String, TaskRunnable)}.
 *
 * <p>Called once, on the thread that called {@code wrap}.
 *
 * @param <E> the checked exception the body may throw
 */
@FunctionalInterface
public interface TaskRunnable<E extends Exception> {
    /** Runs the task body. */
    void run() throws E;
}
