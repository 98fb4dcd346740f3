package ai.oceum.spring.boot.task;

import ai.oceum.Oceum;
import ai.oceum.TaskScope;
import ai.oceum.spring.boot.support.RateLimitedLog;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.springframework.aop.support.AopUtils;
import org.springframework.core.MethodClassKey;

/**
 * Reports each call of an {@code @AgentTask} method of a Spring bean as an Oceum task, with the
 * semantics of the core's proxy and the Java agent: a call made inside an open task is its child;
 * the task fails with the exception the method threw, and that same instance reaches the caller;
 * a {@link CompletionStage} return ends the task when the stage completes, a Reactor
 * {@code Mono}/{@code Flux} on its completion, error or cancel; a recursive call of the same
 * method on the same thread is part of the outer call's task unless {@code recursive = true}.
 *
 * <p>Thread-safe. Reporting never changes what the method returns or throws (a reactive return is
 * the same publisher seen through a pass-through operator) and never throws itself: a problem is
 * logged at most once a minute and the call goes on unreported.
 */
final class AgentTaskInterceptor implements MethodInterceptor {
    private static final RateLimitedLog LOG = new RateLimitedLog("ai.oceum.spring.boot.task");
    /** The innermost task-opening call on this thread, for the recursion rule. */
    private static final ThreadLocal<Call> ACTIVE = new ThreadLocal<>();

    private final Supplier<Oceum> client;
    /** Per method and target class: two beans may implement one interface method with different annotations. */
    private final Map<MethodClassKey, Object> methods = new ConcurrentHashMap<>();
    private static final Object NONE = new Object();

    AgentTaskInterceptor(Supplier<Oceum> client) {
        this.client = client;
    }

    @Override
    public Object invoke(MethodInvocation invocation) throws Throwable {
        Call call = enter(invocation);
        if (call == null) {
            return invocation.proceed();
        }
        Object result;
        try {
            result = invocation.proceed();
        } catch (Throwable t) {
            call.exit();
            call.scope.fail(t);
            call.scope.close();
            throw t;
        }
        call.exit();
        return end(call, result);
    }

    private Call enter(MethodInvocation invocation) {
        try {
            Oceum oceum = client.get();
            if (oceum == null || !oceum.isEnabled() || oceum.isClosed()) {
                return null;
            }
            TaskMethod task = resolve(invocation);
            if (task == null) {
                return null;
            }
            Call outer = ACTIVE.get();
            if (!task.recursive()) {
                for (Call c = outer; c != null; c = c.outer) {
                    if (c.task.key().equals(task.key())) {
                        return null; // its work belongs to the outermost call's task
                    }
                }
            }
            TaskScope parent = TaskScope.current().orElse(null);
            TaskScope scope = oceum.startDetachedTask(task.name(),
                    task.recordArguments() ? TaskArguments.meta(invocation.getArguments()) : null, parent);
            // Current only for the synchronous part: an async method's task must not stay current
            // on the caller's thread once the method returned.
            Call call = new Call(task, scope, outer, scope.makeCurrent());
            ACTIVE.set(call);
            return call;
        } catch (Throwable t) {
            rethrowIfFatal(t);
            LOG.warn("enter", "Oceum could not report an @AgentTask call (the call itself is unaffected): " + t);
            return null;
        }
    }

    private TaskMethod resolve(MethodInvocation invocation) {
        Method method = invocation.getMethod();
        Object target = invocation.getThis();
        Class<?> targetClass = target == null ? null : target.getClass();
        MethodClassKey key = new MethodClassKey(method, targetClass);
        Object cached = methods.get(key);
        if (cached == null) {
            Method specific = targetClass == null ? method : AopUtils.getMostSpecificMethod(method, targetClass);
            TaskMethod found = TaskMethod.of(specific);
            cached = found == null ? NONE : found;
            methods.putIfAbsent(key, cached);
        }
        return cached == NONE ? null : (TaskMethod) cached;
    }

    private Object end(Call call, Object result) {
        TaskScope scope = call.scope;
        try {
            switch (call.task.kind()) {
                case COMPLETION_STAGE -> {
                    if (result instanceof CompletionStage<?> stage) {
                        // A dependent stage: the caller's stage and its result stay as they are.
                        stage.whenComplete((value, failure) -> {
                            if (failure != null) {
                                scope.fail(failure instanceof CompletionException && failure.getCause() != null
                                        ? failure.getCause() : failure);
                            }
                            scope.close();
                        });
                        return result;
                    }
                }
                case REACTIVE -> {
                    if (result != null && ReactorTasks.isReactiveValue(result)) {
                        return ReactorTasks.endOnTermination(result, scope);
                    }
                }
                default -> {
                    // SYNC, or an async method that returned null: the task ends now.
                }
            }
        } catch (Throwable t) {
            rethrowIfFatal(t);
            LOG.warn("end", "Oceum could not follow an @AgentTask call's result; its task ends now: " + t);
        }
        scope.close();
        return result;
    }

    private static void rethrowIfFatal(Throwable t) {
        if (t instanceof VirtualMachineError || t instanceof LinkageError && !(t instanceof NoClassDefFoundError)) {
            throw (Error) t;
        }
    }

    /** One running call that opened a task. */
    private static final class Call {
        final TaskMethod task;
        final TaskScope scope;
        final Call outer;
        final TaskScope.Activation activation;

        Call(TaskMethod task, TaskScope scope, Call outer, TaskScope.Activation activation) {
            this.task = task;
            this.scope = scope;
            this.outer = outer;
            this.activation = activation;
        }

        /** Restores the thread's context as it was before the call. */
        void exit() {
            activation.close();
            if (outer == null) {
                ACTIVE.remove();
            } else {
                ACTIVE.set(outer);
            }
        }
    }
}
