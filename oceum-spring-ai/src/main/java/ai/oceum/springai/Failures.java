package ai.oceum.springai;

import java.io.InterruptedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a failure says about the provider call: its HTTP status and whether it timed out, read
 * from the cause chain without depending on any HTTP client. Spring AI's failures come from
 * Spring's RestClient/WebClient ({@code getStatusCode().value()}), from the OpenAI Java SDK
 * ({@code statusCode()}, Spring AI 2.0), or from Spring AI's retry ({@code TransientAiException}
 * and {@code NonTransientAiException}, whose message starts with the status: {@code "500 - ..."}).
 * Thread-safe; the accessors found per exception class are cached.
 */
final class Failures {
    private static final int MAX_CAUSES = 16;
    private static final Pattern LEADING_STATUS = Pattern.compile("^(?:HTTP )?([1-5]\\d\\d) - ");
    private static final ClassValue<StatusAccessor> STATUS_ACCESSOR = new ClassValue<>() {
        @Override
        protected StatusAccessor computeValue(Class<?> type) {
            return StatusAccessor.find(type);
        }
    };

    private Failures() {}

    /** Adds {@code httpStatus} and {@code timeout: true} to {@code meta} when the chain shows them. */
    static void describe(Throwable error, Map<String, Object> meta) {
        Integer status = null;
        boolean timeout = false;
        int depth = 0;
        for (Throwable t = error; t != null && depth++ < MAX_CAUSES; t = t.getCause() == t ? null : t.getCause()) {
            if (status == null) {
                status = status(t);
            }
            timeout |= isTimeout(t);
        }
        if (status != null) {
            meta.put("httpStatus", status);
        }
        if (timeout) {
            meta.put("timeout", true);
        }
    }

    /** The error to report for a failed call: the cause of a {@code CompletionException} wrapper. */
    static Throwable unwrap(Throwable error) {
        Throwable t = error;
        for (int i = 0;
                i < MAX_CAUSES
                        && (t instanceof CompletionException || t instanceof ExecutionException)
                        && t.getCause() != null;
                i++) {
            t = t.getCause();
        }
        return t;
    }

    private static Integer status(Throwable t) {
        StatusAccessor accessor = STATUS_ACCESSOR.get(t.getClass());
        if (accessor != null) {
            Integer status = accessor.read(t);
            if (status != null) {
                return status;
            }
        }
        if (t.getClass().getName().startsWith("org.springframework.ai.retry.")) {
            String message = t.getMessage();
            Matcher m = message == null ? null : LEADING_STATUS.matcher(message);
            if (m != null && m.find()) {
                return Integer.parseInt(m.group(1));
            }
        }
        return null;
    }

    /**
     * A public no-argument {@code statusCode()}, {@code getStatusCode()} or {@code getRawStatusCode()}
     * answering an {@code int} or an object with a public {@code int value()} (Spring's {@code HttpStatusCode}).
     */
    private record StatusAccessor(Method accessor, Method value) {
        static StatusAccessor find(Class<?> type) {
            for (String name : new String[] {"statusCode", "getStatusCode", "getRawStatusCode"}) {
                try {
                    Method m = type.getMethod(name);
                    Class<?> rt = m.getReturnType();
                    if (!Modifier.isPublic(m.getDeclaringClass().getModifiers())) {
                        continue;
                    }
                    if (rt == int.class || rt == Integer.class) {
                        return new StatusAccessor(m, null);
                    }
                    if (Modifier.isPublic(rt.getModifiers())) {
                        Method value = rt.getMethod("value");
                        if (value.getReturnType() == int.class) {
                            return new StatusAccessor(m, value);
                        }
                    }
                } catch (NoSuchMethodException | SecurityException e) {
                    // try the next name
                }
            }
            return null;
        }

        Integer read(Throwable t) {
            try {
                Object v = accessor.invoke(t);
                if (v != null && value != null) {
                    v = value.invoke(v);
                }
                return v instanceof Integer i && i >= 100 && i < 600 ? i : null;
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                return null;
            }
        }
    }

    private static boolean isTimeout(Throwable t) {
        if (t instanceof java.net.SocketTimeoutException
                || t instanceof java.net.http.HttpTimeoutException
                || t instanceof java.util.concurrent.TimeoutException) {
            return true;
        }
        if (t instanceof InterruptedIOException
                && t.getMessage() != null
                && t.getMessage().toLowerCase(java.util.Locale.ROOT).contains("timeout")) {
            return true; // OkHttp's call and read timeouts (Spring AI 2.0's OpenAI client)
        }
        return t.getClass().getSimpleName().contains("Timeout");
    }
}
