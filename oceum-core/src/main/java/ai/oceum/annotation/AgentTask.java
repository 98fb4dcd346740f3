package ai.oceum.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an agent's entry method: every call of it is reported as an Oceum task (start,
 * completion with duration and usage, or the error, rethrown unchanged).
 *
 * <pre>{@code
 * public class TriageAgent {
 *     @AgentTask("triage-ticket")
 *     public Verdict triage(Ticket t) { ... }
 * }
 * }</pre>
 *
 * <p>It takes effect through {@code Oceum.instrument(iface, target)}, on LangChain4j AI-service
 * interface methods (with the Oceum listeners registered), or anywhere with the
 * {@code oceum-javaagent} Java agent.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface AgentTask {
    /** The task name; empty means {@code SimpleClassName.method}. */
    String value() default "";

    /** Whether to send each argument's {@code toString()} (truncated) in the task's meta. Off by default: arguments may hold personal data. */
    boolean recordArguments() default false;
}
