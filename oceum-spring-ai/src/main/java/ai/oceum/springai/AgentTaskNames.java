package ai.oceum.springai;

import ai.oceum.annotation.AgentTask;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Finds the {@code @AgentTask} method that a {@code ChatClient} call is made from: the nearest
 * annotated method on the calling thread's stack, above Spring AI's and Micrometer's frames.
 *
 * <p>The walk is short and bounded: it skips this module's frames and the frameworks' (Spring,
 * Micrometer, Reactor, the JDK), then looks at no more than {@value #MAX_APPLICATION_FRAMES}
 * application frames and {@value #MAX_FRAMES} frames in all. Whether a method is annotated is
 * looked up once per method and cached. An annotation on an interface or superclass method that
 * the frame's method implements counts too (as for {@code Oceum.instrument}). Thread-safe.
 */
final class AgentTaskNames {
    static final int MAX_FRAMES = 96;
    static final int MAX_APPLICATION_FRAMES = 8;
    private static final String OWN_PACKAGE = AgentTaskNames.class.getPackageName();
    private static final String[] FRAMEWORK_PREFIXES = {
        "java.", "javax.", "jdk.", "sun.", "com.sun.", "org.springframework.", "io.micrometer.", "reactor.",
        "io.netty.", "okhttp3.", "okio.", "com.openai.", "kotlin.", "kotlinx.", "org.apache.", "org.eclipse.jetty.",
        "io.undertow.", "org.junit.", "ai.oceum.annotation.", "net.bytebuddy.", "com.fasterxml.", "org.slf4j.",
        "ch.qos.logback."
    };
    private static final StackWalker WALKER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);
    /** Per class: method name + descriptor → the annotated task's description, or {@link #NONE}. */
    private static final ClassValue<ConcurrentHashMap<String, Found>> METHODS = new ClassValue<>() {
        @Override
        protected ConcurrentHashMap<String, Found> computeValue(Class<?> type) {
            return new ConcurrentHashMap<>();
        }
    };
    private static final ClassValue<Boolean> FRAMEWORK = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            String name = type.getName();
            for (String prefix : FRAMEWORK_PREFIXES) {
                if (name.startsWith(prefix)) {
                    return true;
                }
            }
            return false;
        }
    };
    private static final Found NONE = new Found(null, null);

    private AgentTaskNames() {
    }

    /** The {@code @AgentTask} method found: the task name and {@code SimpleClass.method}. */
    record Found(String taskName, String method) {
    }

    /** The nearest {@code @AgentTask} method calling into Spring AI on this thread, or null. */
    static Found find() {
        Found found = WALKER.walk(AgentTaskNames::scan);
        return found == NONE ? null : found;
    }

    private static Found scan(Stream<StackWalker.StackFrame> frames) {
        Iterator<StackWalker.StackFrame> it = frames.iterator();
        boolean leading = true;
        int seen = 0;
        int application = 0;
        while (it.hasNext() && seen++ < MAX_FRAMES) {
            StackWalker.StackFrame frame = it.next();
            Class<?> type = frame.getDeclaringClass();
            if (leading) {
                if (type.getPackageName().equals(OWN_PACKAGE) && type.getClassLoader() == OWN_LOADER) {
                    continue; // this handler, called by Micrometer
                }
                leading = false;
            }
            if (FRAMEWORK.get(type)) {
                continue;
            }
            Found found = lookup(type, frame.getMethodName(), frame.getMethodType());
            if (found != NONE) {
                return found;
            }
            if (++application >= MAX_APPLICATION_FRAMES) {
                break;
            }
        }
        return NONE;
    }

    private static final ClassLoader OWN_LOADER = AgentTaskNames.class.getClassLoader();

    private static Found lookup(Class<?> type, String method, MethodType methodType) {
        ConcurrentHashMap<String, Found> cache = METHODS.get(type);
        String key = method + methodType.toMethodDescriptorString();
        Found found = cache.get(key);
        if (found == null) {
            found = resolve(type, method, methodType.parameterArray());
            if (cache.size() < 1024) {
                cache.put(key, found);
            }
        }
        return found;
    }

    /** The annotation on the method itself, else on the method it overrides or implements. */
    private static Found resolve(Class<?> type, String name, Class<?>[] parameters) {
        try {
            for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
                Found f = annotated(c, name, parameters, type);
                if (f != null) {
                    return f;
                }
                for (Class<?> i : c.getInterfaces()) {
                    f = annotatedInInterface(i, name, parameters, type);
                    if (f != null) {
                        return f;
                    }
                }
            }
        } catch (RuntimeException | LinkageError e) {
            // an unloadable signature: not ours to name
        }
        return NONE;
    }

    private static Found annotatedInInterface(Class<?> iface, String name, Class<?>[] parameters, Class<?> frameType) {
        Found f = annotated(iface, name, parameters, frameType);
        if (f != null) {
            return f;
        }
        for (Class<?> parent : iface.getInterfaces()) {
            f = annotatedInInterface(parent, name, parameters, frameType);
            if (f != null) {
                return f;
            }
        }
        return null;
    }

    private static Found annotated(Class<?> c, String name, Class<?>[] parameters, Class<?> frameType) {
        Method m;
        try {
            m = c.getDeclaredMethod(name, parameters);
        } catch (NoSuchMethodException e) {
            return null;
        }
        AgentTask annotation = m.getAnnotation(AgentTask.class);
        if (annotation == null) {
            return null;
        }
        String simple = c.getSimpleName().isEmpty() ? c.getName().substring(c.getName().lastIndexOf('.') + 1)
                : c.getSimpleName();
        String method = simple + "." + name;
        String value = annotation.value();
        return new Found(value == null || value.isBlank() ? method : value.strip(), frameType.getSimpleName().isEmpty()
                ? method : frameType.getSimpleName() + "." + name);
    }
}
