package ai.oceum.spring.boot.task;

import ai.oceum.Oceum;
import ai.oceum.TaskScope;
import ai.oceum.integration.AgentTaskCalls;
import ai.oceum.integration.Diagnostics;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.springframework.aop.support.AopUtils;
import org.springframework.core.MethodClassKey;

/**
 * Reports each call of an {@code @AgentTask} method of a Spring bean as an Oceum task, through the
 * core's one implementation ({@link AgentTaskCalls}, shared with the proxy and the Java agent): a
 * call made inside an open task is its child; the task fails with the exception the method threw,
 * and that same instance reaches the caller; a {@link CompletionStage} return ends the task when
 * the stage completes, a Reactor {@code Mono}/{@code Flux} on its completion, error or cancel; a
 * recursive call of the same method on the same thread is part of the outer call's task unless
 * {@code recursive = true}.
 *
 * <p>Thread-safe. Reporting never changes what the method returns or throws (a reactive return is
 * the same publisher seen through a pass-through operator) and never throws itself: a problem is
 * logged at most once a minute and the call goes on unreported.
 */
final class AgentTaskInterceptor implements MethodInterceptor {
    private static final Diagnostics LOG = Diagnostics.forLogger("ai.oceum.spring.boot.task");
    private static final Object NONE = new Object();

    private final Supplier<Oceum> client;
    /** Per method and target class: two beans may implement one interface method with different annotations. */
    private final Map<MethodClassKey, Object> methods = new ConcurrentHashMap<>();

    AgentTaskInterceptor(Supplier<Oceum> client) {
        this.client = client;
    }

    @Override
    public Object invoke(MethodInvocation invocation) throws Throwable {
        TaskMethod task = null;
        Object token = null;
        try {
            Oceum oceum = client.get();
            if (oceum != null && oceum.isEnabled() && !oceum.isClosed()) {
                task = resolve(invocation);
                if (task != null) {
                    token = AgentTaskCalls.enter(
                            oceum, task.key(), task.name(), task.flags(), invocation.getArguments());
                }
            }
        } catch (Throwable t) {
            Diagnostics.rethrowIfFatal(t);
            LOG.warn("enter", "Oceum could not report an @AgentTask call (the call itself is unaffected): " + t);
        }
        if (token == null) {
            return invocation.proceed();
        }
        Object result;
        try {
            result = invocation.proceed();
        } catch (Throwable t) {
            AgentTaskCalls.exit(token, null, t);
            throw t;
        }
        if (task.kind() == TaskMethod.Kind.REACTIVE && result != null) {
            return endReactive(token, result);
        }
        AgentTaskCalls.exit(token, result, null);
        return result;
    }

    /** A Reactor return value: its task ends on the publisher's completion, error or cancel. */
    private static Object endReactive(Object token, Object result) {
        TaskScope scope = AgentTaskCalls.handOver(token);
        try {
            if (ReactorTasks.isReactiveValue(result)) {
                return ReactorTasks.endOnTermination(result, scope);
            }
        } catch (Throwable t) {
            Diagnostics.rethrowIfFatal(t);
            LOG.warn("end", "Oceum could not follow an @AgentTask call's result; its task ends now: " + t);
        }
        scope.close();
        return result;
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
}
