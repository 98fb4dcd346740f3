package ai.oceum.springai;

/**
 * When a {@code ChatClient} call made outside any task is named by the {@code @AgentTask} method
 * that makes it ({@link OceumSpringAiOptions.Builder#agentTaskNaming}).
 *
 * <p>A call made inside a task (an {@code @AgentTask} method instrumented by
 * {@code Oceum.instrument}, the Java agent or the Spring Boot starter; {@code wrap};
 * {@code startTask}) is that task's child, named by default, whatever this says: nothing is looked
 * up. Only a call made outside any task can come from an annotated method that nothing
 * instruments, and finding that method means walking the calling thread's stack: about 2 µs per
 * call on JDK 17 in a shallow stack, more in a deep one (docs/spring-ai.md). Immutable.
 */
public enum AgentTaskNaming {
    /**
     * The default: the first 64 calls made outside any task are
     * looked at, then one in 64. Once one of them is found to come
     * from an {@code @AgentTask} method, every call made outside any task is looked at from then on
     * (and one warning says so, naming the method). An application that has no such method pays
     * nanoseconds; one that has them gets their names, from the first call when it is among the
     * first ones looked at.
     */
    AUTO,
    /** Every call made outside any task is looked at, from the first: a stack walk per such call. */
    ALWAYS,
    /** Never looked at: a call made outside any task is named {@code defaultTaskName}. */
    OFF
}
