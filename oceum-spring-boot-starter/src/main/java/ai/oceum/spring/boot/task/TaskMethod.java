package ai.oceum.spring.boot.task;

import ai.oceum.annotation.AgentTask;
import ai.oceum.integration.AgentTaskCalls;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.concurrent.CompletionStage;
import org.springframework.core.annotation.MergedAnnotation;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.annotation.MergedAnnotations.SearchStrategy;

/**
 * What one {@code @AgentTask} method does, worked out once: its task name, its identity for the
 * recursion rule, its {@link AgentTaskCalls} flags and how it ends. The name and the identity are
 * made by {@link AgentTaskCalls}, as for the core's proxy and the Java agent, so one method
 * reports under one name whichever mechanism applies it. Immutable.
 */
record TaskMethod(String name, String key, int flags, Kind kind) {
    /**
     * Whether Reactor is on the class path. Checked here, not in {@link ReactorTasks}: loading that
     * class needs Reactor's types, so it is touched only when this is true.
     */
    static final boolean REACTOR = reactorPresent();

    private static boolean reactorPresent() {
        try {
            Class.forName("reactor.core.publisher.Mono", false, TaskMethod.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** How the task of a call ends. */
    enum Kind {
        /** When the method returns or throws. */
        SYNC,
        /** When the returned {@link CompletionStage} completes. */
        COMPLETION_STAGE,
        /** On the returned Reactor {@code Mono}/{@code Flux}'s completion, error or cancel. */
        REACTIVE
    }

    /** The settings of {@code method} as called on {@code targetClass}, or null when it carries no {@code @AgentTask}. */
    static TaskMethod of(Method method) {
        MergedAnnotation<AgentTask> found =
                MergedAnnotations.from(method, SearchStrategy.TYPE_HIERARCHY).get(AgentTask.class);
        if (!found.isPresent()) {
            return null;
        }
        Class<?> owner = found.getSource() instanceof Method m ? m.getDeclaringClass() : method.getDeclaringClass();
        String name = AgentTaskCalls.taskName(
                found.getString("value"), owner.getSimpleName(), owner.getName(), method.getName());
        String key = AgentTaskCalls.methodKey(
                owner.getName(),
                method.getName(),
                Arrays.stream(method.getParameterTypes()).map(Class::getName).toList());
        Kind kind = kindOf(method.getReturnType());
        int flags = AgentTaskCalls.flags(
                found.getBoolean("recordArguments"), found.getBoolean("recursive"), kind == Kind.COMPLETION_STAGE);
        return new TaskMethod(name, key, flags, kind);
    }

    private static Kind kindOf(Class<?> returnType) {
        if (CompletionStage.class.isAssignableFrom(returnType)) {
            return Kind.COMPLETION_STAGE;
        }
        if (REACTOR && ReactorTasks.isReactive(returnType)) {
            return Kind.REACTIVE;
        }
        return Kind.SYNC;
    }
}
