package ai.oceum.langchain4j;

import ai.oceum.annotation.AgentTask;
import dev.langchain4j.invocation.InvocationContext;
import dev.langchain4j.service.TokenStream;
import dev.langchain4j.spi.ServiceHelper;
import dev.langchain4j.spi.services.TokenStreamAdapter;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the listeners need to know about an AI-service method, found once by reflection from the
 * invocation's interface and method names and cached: the task name ({@code @AgentTask} or
 * {@code Interface.method}), whether its arguments are to be recorded, and whether it streams
 * (then the invocation goes on after the method returns, so nothing may stay on the caller's thread).
 */
final class AiServiceMethods {
    /**
     * Interface name → method name → candidates. Two levels rather than one key {@code iface#method},
     * so that a lookup concatenates nothing: LangChain4j passes the same name strings every time,
     * whose hashes are cached.
     */
    private static final ConcurrentHashMap<String, ConcurrentHashMap<String, List<Info>>> CACHE =
            new ConcurrentHashMap<>();
    /** The last method looked up: an AI service is usually called method after method the same way. */
    private static volatile Last last;

    private static volatile Collection<TokenStreamAdapter> adapters;

    private AiServiceMethods() {}

    /** How one method is reported. */
    @SuppressWarnings("ArrayRecordComponent") // a cached description, never compared or used as a key
    record Info(String taskName, boolean recordArguments, boolean streaming, Class<?>[] parameterTypes) {}

    /** The cached candidates of one interface method, with the name strings they were found for. */
    private record Last(String iface, String method, List<Info> candidates) {}

    static Info lookup(InvocationContext context) {
        String iface = context.interfaceName();
        String method = context.methodName();
        List<Info> candidates = candidates(iface, method);
        if (candidates.size() == 1) {
            return candidates.get(0);
        }
        List<Object> args = context.methodArguments();
        for (Info info : candidates) {
            if (info.parameterTypes != null && matches(info.parameterTypes, args)) {
                return info;
            }
        }
        return candidates.get(0);
    }

    @SuppressWarnings("ReferenceEquality") // the very strings of the last lookup: a fast path; equals() follows
    private static List<Info> candidates(String iface, String method) {
        Last l = last;
        if (l != null && l.iface == iface && l.method == method) {
            return l.candidates;
        }
        ConcurrentHashMap<String, List<Info>> methods = CACHE.get(iface);
        if (methods == null) {
            methods = CACHE.computeIfAbsent(iface, k -> new ConcurrentHashMap<>(4));
        }
        List<Info> candidates = methods.get(method);
        if (candidates == null) {
            candidates = methods.computeIfAbsent(method, k -> resolve(iface, method));
        }
        last = new Last(iface, method, candidates);
        return candidates;
    }

    private static List<Info> resolve(String iface, String method) {
        String fallbackName = simpleName(iface) + "." + method;
        // Unknown class: report it by name, and stream-safe (nothing made current on the thread).
        List<Info> fallback = List.of(new Info(fallbackName, false, true, null));
        Class<?> type = load(iface);
        if (type == null) {
            return fallback;
        }
        List<Info> out = new ArrayList<>();
        for (Method m : type.getMethods()) {
            if (m.getName().equals(method) && !m.isDefault() && !Modifier.isStatic(m.getModifiers())) {
                AgentTask annotation = m.getAnnotation(AgentTask.class);
                String name = annotation == null || annotation.value().isBlank() ? fallbackName : annotation.value();
                boolean record = annotation != null && annotation.recordArguments();
                out.add(new Info(name, record, isStreaming(m.getGenericReturnType()), m.getParameterTypes()));
            }
        }
        return out.isEmpty() ? fallback : List.copyOf(out);
    }

    private static Class<?> load(String name) {
        ClassLoader[] loaders = {Thread.currentThread().getContextClassLoader(), AiServiceMethods.class.getClassLoader()
        };
        for (ClassLoader loader : loaders) {
            try {
                return Class.forName(name, false, loader);
            } catch (ClassNotFoundException | LinkageError | RuntimeException e) {
                // try the next loader
            }
        }
        return null;
    }

    /** As LangChain4j decides it: a {@link TokenStream}, or a type a {@link TokenStreamAdapter} adapts to. */
    private static boolean isStreaming(Type returnType) {
        if (returnType == TokenStream.class) {
            return true;
        }
        for (TokenStreamAdapter adapter : adapters()) {
            if (adapter.canAdaptTokenStreamTo(returnType)) {
                return true;
            }
        }
        return false;
    }

    private static Collection<TokenStreamAdapter> adapters() {
        Collection<TokenStreamAdapter> a = adapters;
        if (a == null) {
            a = ServiceHelper.loadFactories(TokenStreamAdapter.class);
            adapters = a;
        }
        return a;
    }

    private static boolean matches(Class<?>[] types, List<Object> args) {
        if (types.length != args.size()) {
            return false;
        }
        for (int i = 0; i < types.length; i++) {
            Object arg = args.get(i);
            if (arg != null && !wrap(types[i]).isInstance(arg)) {
                return false;
            }
        }
        return true;
    }

    private static Class<?> wrap(Class<?> type) {
        if (!type.isPrimitive()) {
            return type;
        }
        return switch (type.getName()) {
            case "int" -> Integer.class;
            case "long" -> Long.class;
            case "boolean" -> Boolean.class;
            case "double" -> Double.class;
            case "float" -> Float.class;
            case "short" -> Short.class;
            case "byte" -> Byte.class;
            default -> Character.class;
        };
    }

    static String simpleName(String className) {
        int cut = Math.max(className.lastIndexOf('.'), className.lastIndexOf('$'));
        return cut < 0 ? className : className.substring(cut + 1);
    }
}
