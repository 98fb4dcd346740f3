package ai.oceum.springai;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Decides, per {@code ChatClient} call made outside any task, whether to walk the calling thread's
 * stack for an {@code @AgentTask} method ({@link AgentTaskNames}), as the handler's
 * {@link AgentTaskNaming} says.
 *
 * <p>Why {@link AgentTaskNaming#AUTO} exists: on JDK 17 a walk is about 2 µs even when the stack is
 * eleven frames deep (a fixed cost inside the JVM plus the method of every frame resolved), more
 * than the rest of the handler's work on a call, and most applications have no uninstrumented
 * {@code @AgentTask} method for it to find. So it looks at the first calls and a sample after, and
 * at every call once a walk has found one. The sample costs a thread-local random draw; the
 * counter of first calls is only read once they are over. Thread-safe.
 */
final class AgentTaskCallers {
    /** Calls made outside any task that {@link AgentTaskNaming#AUTO} always looks at. */
    static final int FIRST_CALLS = 64;
    /** After the first ones, {@link AgentTaskNaming#AUTO} looks at one call in this many. */
    static final int ONE_IN = 64;

    private final OceumSpringAiOptions options;
    private final Diagnostics diagnostics;
    private final AtomicInteger firstCalls = new AtomicInteger();
    private final AtomicBoolean found = new AtomicBoolean();

    AgentTaskCallers(OceumSpringAiOptions options, Diagnostics diagnostics) {
        this.options = options;
        this.diagnostics = diagnostics;
    }

    /** The {@code @AgentTask} method making this call, looked for or not as the naming says; null when none. */
    AgentTaskNames.Found find() {
        return switch (options.agentTaskNaming()) {
            case OFF -> null;
            case ALWAYS -> AgentTaskNames.find();
            case AUTO -> found.get() || due() ? findAndSay() : null;
        };
    }

    private AgentTaskNames.Found findAndSay() {
        AgentTaskNames.Found caller = AgentTaskNames.find();
        if (caller != null && !found.get() && found.compareAndSet(false, true)) {
            diagnostics.warn("agent-task-naming", foundMessage(caller));
        }
        return caller;
    }

    private boolean due() {
        // The counter is written only while the first calls last: afterwards a read, not a contended write.
        if (firstCalls.get() < FIRST_CALLS && firstCalls.getAndIncrement() < FIRST_CALLS) {
            return true;
        }
        return options.sampleNaming();
    }

    static boolean oneInSixtyFour() {
        return ThreadLocalRandom.current().nextInt(ONE_IN) == 0;
    }

    private static String foundMessage(AgentTaskNames.Found caller) {
        return "ChatClient is called outside any task from @AgentTask method " + caller.method()
                + ", which nothing makes a task: from now on every ChatClient call made outside a task looks for its"
                + " @AgentTask caller (a stack walk of a few microseconds) and is named by it, here '"
                + caller.taskName() + "'. To make the method a task instead, instrument it (Oceum.instrument, the"
                + " Java agent, or the Spring Boot starter for a bean; a call through 'this' skips Spring's proxy);"
                + " to choose, set OceumSpringAiOptions agentTaskNaming(ALWAYS) or (OFF), under Spring Boot"
                + " oceum.spring-ai.agent-task-naming=always or off.";
    }
}
