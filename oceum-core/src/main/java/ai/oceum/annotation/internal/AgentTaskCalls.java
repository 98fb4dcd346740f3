package ai.oceum.annotation.internal;

import ai.oceum.Oceum;
import ai.oceum.TaskScope;
import ai.oceum.internal.util.ThrottledLogger;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;

/**
 * What an {@code @AgentTask} call does before and after the method body: the one implementation
 * behind the proxy and the Java agent.
 *
 * <p>The agent inlines {@code token = enter(...)} at the start of each annotated method and
 * {@code exit(token, returned, thrown)} on every way out, so both are public, static, take only
 * constants and values at hand, and never throw. {@code enter} returns an opaque token (null when
 * the call is not a task: no client, a recursive call, or a reporting problem), and {@code exit}
 * does nothing for null.
 */
public final class AgentTaskCalls {
    /** Flag: record the arguments' {@code toString()} in the task's meta. */
    public static final int RECORD_ARGUMENTS = 1;
    /** Flag: a recursive call on the same thread is a child task, not part of the outer one. */
    public static final int RECURSIVE = 2;
    /** Flag: the method returns a {@link CompletionStage}; its task ends when the stage completes. */
    public static final int ASYNC = 4;

    /** The innermost call on this thread that opened a task; each call links to the one outside it. */
    private static final ThreadLocal<Call> ACTIVE = new ThreadLocal<>();

    private AgentTaskCalls() {
    }

    /**
     * Starts a call with the process-wide client ({@link Oceum#global()}, looked up on every call
     * so that a client set by the application after the agent started is used).
     *
     * @param key the method's identity, see {@link #methodKey}
     * @param name the task name, see {@link #taskName}
     * @param flags {@link #RECORD_ARGUMENTS}, {@link #RECURSIVE}, {@link #ASYNC}
     * @param args the arguments when {@link #RECORD_ARGUMENTS} is set, else ignored (may be null)
     * @return the token to hand to {@link #exit}
     */
    public static Object enter(String key, String name, int flags, Object[] args) {
        try {
            return enter(Oceum.global(), key, name, flags, args);
        } catch (Throwable t) {
            problem(t);
            return null;
        }
    }

    /** Starts a call reported through {@code client}. Never throws. */
    public static Object enter(Oceum client, String key, String name, int flags, Object[] args) {
        try {
            if (client == null || !client.isEnabled()) {
                return null;
            }
            Call outer = ACTIVE.get();
            if ((flags & RECURSIVE) == 0) {
                for (Call c = outer; c != null; c = c.outer) {
                    if (c.key.equals(key)) {
                        return null; // a recursive call: its work belongs to the outermost call's task
                    }
                }
            }
            TaskScope parent = TaskScope.current().orElse(null);
            TaskScope scope = client.startDetachedTask(name,
                    (flags & RECORD_ARGUMENTS) != 0 ? ArgumentRecorder.meta(args) : null, parent);
            // Detached and made current only for the synchronous part: an async method's task
            // must not stay current on the caller's thread after the method returned.
            Call call = new Call(key, flags, scope, outer, scope.makeCurrent());
            ACTIVE.set(call);
            return call;
        } catch (Throwable t) {
            problem(t);
            return null;
        }
    }

    /**
     * Ends a call: the task completes now, fails with {@code thrown}, or — for an async method
     * that returned a stage — completes or fails when that stage does. Never throws, and never
     * changes {@code returned} or {@code thrown}.
     */
    public static void exit(Object token, Object returned, Throwable thrown) {
        if (!(token instanceof Call call)) {
            return;
        }
        try {
            call.detach();
            if (thrown != null) {
                call.scope.fail(thrown);
                call.scope.close();
            } else if ((call.flags & ASYNC) != 0 && returned instanceof CompletionStage<?> stage) {
                endWhenComplete(call.scope, stage);
            } else {
                call.scope.close();
            }
        } catch (Throwable t) {
            problem(t);
            call.scope.close();
        }
    }

    private static void endWhenComplete(TaskScope scope, CompletionStage<?> stage) {
        try {
            // A dependent stage: the caller's future and its result are left as they are.
            stage.whenComplete((result, failure) -> {
                if (failure != null) {
                    scope.fail(failure instanceof CompletionException && failure.getCause() != null
                            ? failure.getCause() : failure);
                }
                scope.close();
            });
        } catch (Throwable t) {
            // A stage that refuses callbacks: end the task now rather than never.
            problem(t);
            scope.close();
        }
    }

    /**
     * The task name of an annotated method: the annotation's value, else
     * {@code SimpleClassName.method} of the type that carries the annotation (the last part of the
     * binary name for an anonymous class).
     */
    public static String taskName(String value, String simpleClassName, String binaryClassName, String methodName) {
        if (value != null && !value.isBlank()) {
            return value.strip();
        }
        String type = simpleClassName;
        if (type == null || type.isEmpty()) {
            type = binaryClassName.substring(binaryClassName.lastIndexOf('.') + 1);
        }
        return type + "." + methodName;
    }

    /**
     * A method's identity for the recursion rule: {@code com.acme.Agent#run(java.lang.String,int)},
     * parameter types as {@link Class#getName()} spells them. The proxy and the agent make the same
     * key for the same method, so a proxied call into an agent-instrumented method is one task.
     */
    public static String methodKey(String binaryClassName, String methodName, List<String> parameterTypeNames) {
        return binaryClassName + "#" + methodName + "(" + String.join(",", parameterTypeNames) + ")";
    }

    /** The flags for an annotation's settings. */
    public static int flags(boolean recordArguments, boolean recursive, boolean async) {
        return (recordArguments ? RECORD_ARGUMENTS : 0) | (recursive ? RECURSIVE : 0) | (async ? ASYNC : 0);
    }

    private static void problem(Throwable t) {
        try {
            Log.LOG.warn("agent-task", "Oceum could not report an @AgentTask call (the call itself is unaffected): " + t);
        } catch (Throwable ignored) {
            // Logging failed too; the application's call still must not notice.
        }
    }

    /**
     * Made on the first problem only: the agent calls the naming helpers above while it transforms
     * a class, and starting the application's logging there (or in premain) is what agents must
     * never do.
     */
    private static final class Log {
        static final ThrottledLogger LOG = new ThrottledLogger(LoggerFactory.getLogger("ai.oceum.annotation"), 1,
                TimeUnit.MINUTES);
    }

    /** One running call that opened a task. */
    private static final class Call {
        final String key;
        final int flags;
        final TaskScope scope;
        final Call outer;
        final TaskScope.Activation activation;

        Call(String key, int flags, TaskScope scope, Call outer, TaskScope.Activation activation) {
            this.key = key;
            this.flags = flags;
            this.scope = scope;
            this.outer = outer;
            this.activation = activation;
        }

        /** Restores the thread's context as it was before the call. */
        void detach() {
            activation.close();
            if (outer == null) {
                ACTIVE.remove();
            } else {
                ACTIVE.set(outer);
            }
        }
    }
}
