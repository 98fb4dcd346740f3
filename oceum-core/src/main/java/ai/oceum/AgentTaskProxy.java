package ai.oceum;

import ai.oceum.annotation.AgentTask;
import ai.oceum.integration.AgentTaskCalls;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * Applies {@link AgentTask} to calls through an interface with a JDK dynamic proxy: the
 * implementation of {@link Oceum#instrument(Class, Object)}.
 *
 * <p>For each method of {@code iface} the annotation is looked up on the target's class (and its
 * superclasses) first, then on {@code iface} and its super-interfaces: an implementation's
 * annotation wins over the interface's. Methods without it, {@code equals}, {@code hashCode} and
 * {@code toString} go straight to the target. As with every JDK proxy, a call the target makes
 * on itself ({@code this.other()}) does not pass through the proxy and is not a task.
 *
 * <p>Stateless; a proxy is as thread-safe as its target.
 */
final class AgentTaskProxy {
    private AgentTaskProxy() {}

    /**
     * A proxy of {@code iface} that reports annotated methods as tasks and delegates to {@code target}.
     *
     * @throws IllegalArgumentException when {@code iface} is not an interface or {@code target} does not implement it
     */
    static <T> T create(Oceum oceum, Class<T> iface, T target) {
        Objects.requireNonNull(oceum, "oceum");
        Objects.requireNonNull(iface, "iface");
        Objects.requireNonNull(target, "target");
        if (!iface.isInterface()) {
            throw new IllegalArgumentException(iface.getName() + " is not an interface");
        }
        if (!iface.isInstance(target)) {
            throw new IllegalArgumentException(target.getClass().getName() + " does not implement " + iface.getName());
        }
        Handler handler = new Handler(oceum, target, resolve(iface, target.getClass()));
        return iface.cast(Proxy.newProxyInstance(iface.getClassLoader(), new Class<?>[] {iface}, handler));
    }

    /**
     * Per method of {@code iface}: the copy of it to invoke and its task settings (null when it is
     * not annotated), worked out once per proxy so that a call costs one map lookup.
     *
     * <p>The copy is made accessible: the proxy hands the handler its own {@link Method}
     * instances, and accessibility belongs to an instance, so calling through these copies is what
     * lets a non-public interface (declared next to its implementation) work. A {@code HashMap},
     * read only after the constructor's final field publishes it: its lookup compares the proxy's
     * instance with the key by {@code equals} once, where {@code Map.copyOf}'s probing may compare
     * several.
     */
    private static Map<Method, Target> resolve(Class<?> iface, Class<?> targetClass) {
        Map<Method, Target> methods = new HashMap<>();
        for (Method m : iface.getMethods()) {
            if (java.lang.reflect.Modifier.isStatic(m.getModifiers())) {
                continue;
            }
            trySetAccessible(m);
            Method annotated = findAnnotated(targetClass, iface, m);
            TaskMethod task = null;
            if (annotated != null) {
                AgentTask a = annotated.getAnnotation(AgentTask.class);
                Class<?> owner = annotated.getDeclaringClass();
                String key = AgentTaskCalls.methodKey(
                        owner.getName(),
                        m.getName(),
                        Arrays.stream(m.getParameterTypes()).map(Class::getName).toList());
                String name = AgentTaskCalls.taskName(a.value(), owner.getSimpleName(), owner.getName(), m.getName());
                boolean async = CompletionStage.class.isAssignableFrom(m.getReturnType());
                task = new TaskMethod(key, name, AgentTaskCalls.flags(a.recordArguments(), a.recursive(), async));
            }
            methods.put(m, new Target(m, task));
        }
        return methods;
    }

    private static Method findAnnotated(Class<?> targetClass, Class<?> iface, Method m) {
        for (Class<?> c = targetClass; c != null && c != Object.class; c = c.getSuperclass()) {
            Method declared = declared(c, m);
            if (declared != null && declared.isAnnotationPresent(AgentTask.class)) {
                return declared;
            }
        }
        return findInInterfaces(iface, m);
    }

    private static Method findInInterfaces(Class<?> iface, Method m) {
        Method declared = declared(iface, m);
        if (declared != null && declared.isAnnotationPresent(AgentTask.class)) {
            return declared;
        }
        for (Class<?> parent : iface.getInterfaces()) {
            Method found = findInInterfaces(parent, m);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    private static Method declared(Class<?> c, Method m) {
        try {
            return c.getDeclaredMethod(m.getName(), m.getParameterTypes());
        } catch (NoSuchMethodException | SecurityException | NoClassDefFoundError e) {
            return null;
        }
    }

    /** A non-public interface's methods can still be invoked reflectively from here. */
    private static void trySetAccessible(Method m) {
        try {
            m.trySetAccessible();
        } catch (SecurityException ignored) {
            // The invocation then fails as it would have without the proxy.
        }
    }

    /** The settings of one annotated method. */
    private record TaskMethod(String key, String name, int flags) {}

    /** One method of the interface: the accessible copy to invoke, and its task or null. */
    private record Target(Method invokable, TaskMethod task) {}

    private static final class Handler implements InvocationHandler {
        private final Oceum oceum;
        private final Object target;
        private final Map<Method, Target> methods;

        Handler(Oceum oceum, Object target, Map<Method, Target> methods) {
            this.oceum = oceum;
            this.target = target;
            this.methods = methods;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            if (method.getDeclaringClass() == Object.class) {
                return objectMethod(method, args);
            }
            Target t = methods.get(method);
            Method invokable = t == null ? method : t.invokable();
            TaskMethod task = t == null ? null : t.task();
            if (task == null) {
                return invokeTarget(invokable, args);
            }
            Object token = AgentTaskCalls.enter(oceum, task.key(), task.name(), task.flags(), args);
            Object result;
            try {
                result = invokeTarget(invokable, args);
            } catch (Throwable e) {
                AgentTaskCalls.exit(token, null, e);
                throw e;
            }
            AgentTaskCalls.exit(token, result, null);
            return result;
        }

        private Object invokeTarget(Method method, Object[] args) throws Throwable {
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause(); // the target's own exception, the same instance
            }
        }

        private Object objectMethod(Method method, Object[] args) {
            switch (method.getName()) {
                case "equals":
                    Object other = args[0];
                    if (other != null
                            && Proxy.isProxyClass(other.getClass())
                            && Proxy.getInvocationHandler(other) instanceof Handler h) {
                        other = h.target; // two proxies are equal when their targets are
                    }
                    return target.equals(other);
                case "hashCode":
                    return target.hashCode();
                default:
                    return target.toString();
            }
        }
    }
}
