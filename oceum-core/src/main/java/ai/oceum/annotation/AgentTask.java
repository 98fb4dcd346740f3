package ai.oceum.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an agent's entry method: every call of it is reported as an Oceum task.
 *
 * <pre>{@code
 * public class TriageAgent {
 *     @AgentTask("triage-ticket")
 *     public Verdict triage(Ticket t) { ... }
 * }
 * }</pre>
 *
 * <p>A call sends {@code task_start}; a normal return sends {@code task_complete} with the
 * duration and the usage reported inside the call; an exception sends an {@code error} for the
 * task (which ends failed) and the <em>same</em> exception instance reaches the caller. A method
 * declared to return a {@link java.util.concurrent.CompletionStage} (such as
 * {@link java.util.concurrent.CompletableFuture}) ends its task when the returned stage completes.
 * A call made while another task is open on the thread is that task's child. Reporting never
 * changes what the method returns or throws.
 *
 * <p>It takes effect through {@code Oceum.instrument(iface, target)}, on LangChain4j AI-service
 * interface methods (with the Oceum listeners registered), or anywhere with the
 * {@code oceum-javaagent} Java agent.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface AgentTask {
    /** The task name; empty means {@code SimpleClassName.method} of the type that carries the annotation. */
    String value() default "";

    /**
     * Whether to send each argument's {@code toString()} (at most 256 characters each) in the
     * task's {@code meta.arguments}. Off by default: arguments may hold personal data. An argument
     * whose {@code toString()} throws is recorded as {@code [toString() threw <type>]}.
     */
    boolean recordArguments() default false;

    /**
     * Whether a call of this method made while a call of the same method is already running on
     * the same thread (directly or further down the stack) is a task of its own, a child of the
     * outer one. Off by default: only the outermost call is a task, so a recursive method does
     * not open one task per level; the inner calls' work belongs to the outer task.
     */
    boolean recursive() default false;
}
