package ai.oceum.springai;

import ai.oceum.annotation.AgentTask;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Finds the {@code @AgentTask} method that a {@code ChatClient} call is made from: the nearest
 * annotated method on the calling thread's stack, above Spring AI's and Micrometer's frames.
 *
 * <p>The walk is short and bounded: it skips this handler's own frames and the frameworks'
 * (Spring, Micrometer, Reactor, the JDK, …), and from the first application frame on looks at
 * no more than {@value #MAX_APPLICATION_FRAMES} application frames and {@value #MAX_FRAMES_AFTER_CALLER}
 * frames in all (helpers, lambdas and streams between the annotated method and the call), and at
 * {@value #MAX_FRAMES} frames at most. From a blocking call the caller is about six frames up.
 * What it needs of a class — is it a framework's, which of its methods carry {@code @AgentTask}
 * (on the method itself or on the method it overrides or implements, as for
 * {@code Oceum.instrument}) — is worked out once per class and cached, so a frame costs a cache
 * read; a method's descriptor is looked at only where a class has two annotated overloads of one
 * name. Thread-safe.
 */
final class AgentTaskNames {
    static final int MAX_FRAMES = 96;
    static final int MAX_APPLICATION_FRAMES = 8;
    static final int MAX_FRAMES_AFTER_CALLER = 16;
    private static final String OWN_PACKAGE = AgentTaskNames.class.getPackageName();
    private static final ClassLoader OWN_LOADER = AgentTaskNames.class.getClassLoader();
    private static final String[] FRAMEWORK_PREFIXES = {
        "java.",
        "javax.",
        "jdk.",
        "sun.",
        "com.sun.",
        "org.springframework.",
        "io.micrometer.",
        "reactor.",
        "io.netty.",
        "okhttp3.",
        "okio.",
        "com.openai.",
        "kotlin.",
        "kotlinx.",
        "org.apache.",
        "org.eclipse.jetty.",
        "io.undertow.",
        "org.junit.",
        "ai.oceum.annotation.",
        "net.bytebuddy.",
        "com.fasterxml.",
        "org.slf4j.",
        "ch.qos.logback."
    };
    /**
     * One first batch holds the handler's, Micrometer's and Spring AI's frames and the caller's
     * (about twenty); reflection frames are shown because filtering them out costs more than
     * skipping them as the JDK's.
     */
    private static final StackWalker WALKER = StackWalker.getInstance(
            Set.of(StackWalker.Option.RETAIN_CLASS_REFERENCE, StackWalker.Option.SHOW_REFLECT_FRAMES), 24);
    /** A framework's class: skipped. */
    private static final Map<String, Object> FRAMEWORK = Map.of("framework", "framework");
    /** Per class: {@link #FRAMEWORK}, or method name → {@link Found} or (overloads) descriptor → {@link Found}. */
    private static final ClassValue<Map<String, Object>> CLASSES = new ClassValue<>() {
        @Override
        protected Map<String, Object> computeValue(Class<?> type) {
            return describe(type);
        }
    };

    private AgentTaskNames() {}

    /** The {@code @AgentTask} method found: the task name and {@code SimpleClass.method}. */
    record Found(String taskName, String method) {}

    /** The nearest {@code @AgentTask} method calling into Spring AI on this thread, or null. */
    static Found find() {
        return WALKER.walk(AgentTaskNames::scan);
    }

    private static Found scan(Stream<StackWalker.StackFrame> frames) {
        Iterator<StackWalker.StackFrame> it = frames.iterator();
        boolean leading = true;
        int seen = 0;
        int application = 0;
        int sinceCaller = -1; // -1 until the first application frame (the caller of Spring AI)
        while (it.hasNext() && seen++ < MAX_FRAMES && sinceCaller < MAX_FRAMES_AFTER_CALLER) {
            StackWalker.StackFrame frame = it.next();
            if (sinceCaller >= 0) {
                sinceCaller++;
            }
            Class<?> type = frame.getDeclaringClass();
            if (leading) {
                if (type.getClassLoader() == OWN_LOADER && type.getPackageName().equals(OWN_PACKAGE)) {
                    continue; // this handler, called by Micrometer
                }
                leading = false;
            }
            Map<String, Object> methods = CLASSES.get(type);
            if (methods == FRAMEWORK) {
                continue;
            }
            if (sinceCaller < 0) {
                sinceCaller = 0;
            }
            if (!methods.isEmpty()) {
                Object entry = methods.get(frame.getMethodName());
                if (entry instanceof Found found) {
                    return found;
                }
                if (entry instanceof Map<?, ?> overloads
                        && overloads.get(frame.getDescriptor()) instanceof Found found) {
                    return found;
                }
            }
            if (++application >= MAX_APPLICATION_FRAMES) {
                break;
            }
        }
        return null;
    }

    private static Map<String, Object> describe(Class<?> type) {
        String name = type.getName();
        for (String prefix : FRAMEWORK_PREFIXES) {
            if (name.startsWith(prefix)) {
                return FRAMEWORK;
            }
        }
        Map<String, Object> methods = new HashMap<>();
        Map<String, Integer> overloads = new HashMap<>();
        try {
            for (Method m : type.getDeclaredMethods()) {
                overloads.merge(m.getName(), 1, Integer::sum);
            }
            for (Method m : type.getDeclaredMethods()) {
                if (Modifier.isStatic(m.getModifiers()) && m.getAnnotation(AgentTask.class) == null) {
                    continue;
                }
                Found found = annotation(type, m);
                if (found == null) {
                    continue;
                }
                if (overloads.get(m.getName()) == 1) {
                    methods.put(m.getName(), found);
                } else {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> byDescriptor = (Map<String, Object>)
                            methods.computeIfAbsent(m.getName(), k -> new HashMap<String, Object>());
                    byDescriptor.put(descriptor(m), found);
                }
            }
        } catch (RuntimeException | LinkageError e) {
            // a class whose methods cannot be read: not ours to name
        }
        return methods.isEmpty() ? Map.of() : Map.copyOf(methods);
    }

    /** The annotation on {@code m}, else on the method it overrides or implements; null when none. */
    private static Found annotation(Class<?> frameType, Method m) {
        Class<?>[] parameters = m.getParameterTypes();
        for (Class<?> c = frameType; c != null && c != Object.class; c = c.getSuperclass()) {
            Found f = annotated(c, m.getName(), parameters, frameType);
            if (f != null) {
                return f;
            }
            for (Class<?> i : c.getInterfaces()) {
                f = annotatedInInterface(i, m.getName(), parameters, frameType);
                if (f != null) {
                    return f;
                }
            }
        }
        return null;
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
        String method = simpleName(c) + "." + name;
        String value = annotation.value();
        return new Found(value == null || value.isBlank() ? method : value.strip(), simpleName(frameType) + "." + name);
    }

    private static String simpleName(Class<?> c) {
        String simple = c.getSimpleName();
        return simple.isEmpty() ? c.getName().substring(c.getName().lastIndexOf('.') + 1) : simple;
    }

    /** A method's JVM descriptor, as {@code StackFrame.getDescriptor()} gives it. */
    private static String descriptor(Method m) {
        StringBuilder b = new StringBuilder("(");
        for (Class<?> p : m.getParameterTypes()) {
            b.append(p.descriptorString());
        }
        return b.append(')').append(m.getReturnType().descriptorString()).toString();
    }
}
