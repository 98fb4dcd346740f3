package ai.oceum.javaagent;

import ai.oceum.integration.AgentTaskCalls;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * The code inlined into every {@code @AgentTask} method. Inlined, not called: no frame of ours
 * appears in the application's stack traces. It only hands constants and values at hand to
 * {@link AgentTaskCalls}, which holds the semantics shared with the proxy; {@code suppress}
 * makes sure that even a linkage problem can never reach the application's code.
 *
 * <p>{@link MethodKey}, {@link TaskName} and {@link TaskFlags} are bound to constants worked out
 * for each method when its class is transformed.
 */
final class AgentTaskAdvice {
    private AgentTaskAdvice() {}

    /** Binds the method's identity, see {@link AgentTaskCalls#methodKey}. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.PARAMETER)
    @interface MethodKey {}

    /** Binds the task name. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.PARAMETER)
    @interface TaskName {}

    /** Binds the {@link AgentTaskCalls} flags. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.PARAMETER)
    @interface TaskFlags {}

    /** Entry of a method whose arguments are not recorded: no argument array is built. */
    static final class Enter {
        private Enter() {}

        @Advice.OnMethodEnter(suppress = Throwable.class)
        static Object enter(@MethodKey String key, @TaskName String name, @TaskFlags int flags) {
            return AgentTaskCalls.enter(key, name, flags, null);
        }
    }

    /** Entry of a method with {@code recordArguments = true}. */
    static final class EnterRecordingArguments {
        private EnterRecordingArguments() {}

        @Advice.OnMethodEnter(suppress = Throwable.class)
        static Object enter(
                @MethodKey String key,
                @TaskName String name,
                @TaskFlags int flags,
                @Advice.AllArguments Object[] args) {
            return AgentTaskCalls.enter(key, name, flags, args);
        }
    }

    /** Every way out: return or throw. The return value and the exception are only read. */
    static final class Exit {
        private Exit() {}

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(
                @Advice.Enter Object token,
                @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object returned,
                @Advice.Thrown Throwable thrown) {
            AgentTaskCalls.exit(token, returned, thrown);
        }
    }
}
