package ai.oceum.integration;

import ai.oceum.Oceum;
import ai.oceum.TaskScope;
import ai.oceum.internal.util.Version;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * What an {@code @AgentTask} call does before and after the method body: the one implementation
 * behind {@code Oceum.instrument} (a JDK proxy), the Java agent's inlined advice and the Spring
 * Boot starter's interceptor, so that one method reports under one name, with one recursion rule,
 * whichever of them applies it.
 *
 * <p><b>A service-provider interface with a version.</b> The Java agent is built and shipped
 * separately from the oceum-core it finds at run time (its own, or the application's), and its
 * advice is inlined into application classes: these signatures are an ABI. They only change
 * together with {@link #SPI_VERSION}; the agent compares the constant it was compiled with against
 * {@link #spiVersion()} of the core it runs with, and steps back with one line on stderr when
 * they differ. Methods may be added within a version; none is removed or changed.
 *
 * <p>The agent inlines {@code token = enter(...)} at the start of each annotated method and
 * {@code exit(token, returned, thrown)} on every way out, so both are public, static, take only
 * constants and values at hand, and never throw. {@code enter} returns an opaque token (null when
 * the call is not a task: no client, a recursive call, or a reporting problem), and {@code exit}
 * does nothing for null.
 *
 * <p>Thread-safe: the call in progress is kept per thread; a token belongs to the thread that
 * entered until {@link #exit} or {@link #handOver} restores that thread's context.
 */
public final class AgentTaskCalls {
    /**
     * The version of these signatures and their meaning. Compiled into the Java agent as a
     * constant; compare it with {@link #spiVersion()} at run time.
     */
    public static final int SPI_VERSION = 1;

    /** Flag: record the arguments' {@code toString()} in the task's meta. */
    public static final int RECORD_ARGUMENTS = 1;
    /** Flag: a recursive call on the same thread is a child task, not part of the outer one. */
    public static final int RECURSIVE = 2;
    /** Flag: the method returns a {@link CompletionStage}; its task ends when the stage completes. */
    public static final int ASYNC = 4;

    /** The innermost call on this thread that opened a task; each call links to the one outside it. */
    private static final ThreadLocal<Call> ACTIVE = new ThreadLocal<>();

    private AgentTaskCalls() {}

    /** The {@link #SPI_VERSION} of the oceum-core running: a method, so that it is read at run time. */
    public static int spiVersion() {
        return SPI_VERSION;
    }

    /** The version of the oceum-core running, for example {@code 0.1.0}; {@code unknown} outside a built jar. */
    public static String coreVersion() {
        return Version.get();
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
            TaskScope scope = client.startDetachedTask(
                    name, (flags & RECORD_ARGUMENTS) != 0 ? ArgumentRecorder.meta(args) : null, parent);
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

    /**
     * Ends the synchronous part of a call whose task the caller ends itself later (a reactive
     * return value that completes on another thread): restores the thread's context as
     * {@link #exit} does and returns the task, which the caller must close (after
     * {@link TaskScope#fail} for a failure). Null for a null token. Never throws.
     */
    public static TaskScope handOver(Object token) {
        if (!(token instanceof Call call)) {
            return null;
        }
        try {
            call.detach();
        } catch (Throwable t) {
            problem(t);
        }
        return call.scope;
    }

    private static void endWhenComplete(TaskScope scope, CompletionStage<?> stage) {
        try {
            // A dependent stage: the caller's future and its result are left as they are.
            stage.whenComplete((result, failure) -> {
                if (failure != null) {
                    scope.fail(
                            failure instanceof CompletionException && failure.getCause() != null
                                    ? failure.getCause()
                                    : failure);
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
            Log.LOG.warn(
                    "agent-task", "Oceum could not report an @AgentTask call (the call itself is unaffected): " + t);
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
        static final Diagnostics LOG = Diagnostics.forLogger("ai.oceum.annotation");
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
            // null is stored rather than removed: see TaskScope.set for why that is cheaper and safe.
            ACTIVE.set(outer);
        }
    }
}
