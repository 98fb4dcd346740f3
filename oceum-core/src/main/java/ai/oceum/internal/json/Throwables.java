package ai.oceum.internal.json;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Renders a throwable into the error event's fields: type, message, stack trace, causes, suppressed. */
public final class Throwables {
    /** Longest stack trace sent, in chars. */
    public static final int MAX_STACK_TRACE = 16_384;
    private static final int MAX_CHAIN = 20;

    private Throwables() {
    }

    /** Adds {@code type}, {@code message}, {@code stackTrace}, {@code causes}, {@code suppressed} to {@code data}. */
    public static void describe(Throwable t, Map<String, Object> data) {
        data.put("type", t.getClass().getName());
        if (!data.containsKey("message") || data.get("message") == null) {
            data.put("message", t.getMessage() != null ? t.getMessage() : t.getClass().getName());
        }
        data.put("stackTrace", stackTrace(t));
        List<Map<String, Object>> causes = new ArrayList<>();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        seen.add(t);
        for (Throwable c = t.getCause(); c != null && seen.add(c) && causes.size() < MAX_CHAIN; c = c.getCause()) {
            causes.add(brief(c));
        }
        if (!causes.isEmpty()) {
            data.put("causes", causes);
        }
        Throwable[] suppressed = t.getSuppressed();
        if (suppressed.length > 0) {
            List<Map<String, Object>> list = new ArrayList<>();
            for (int i = 0; i < suppressed.length && i < MAX_CHAIN; i++) {
                list.add(brief(suppressed[i]));
            }
            data.put("suppressed", list);
        }
    }

    /** The printed stack trace (with causes and suppressed), capped at {@value #MAX_STACK_TRACE} chars. */
    public static String stackTrace(Throwable t) {
        try {
            StringWriter w = new StringWriter(1024);
            t.printStackTrace(new PrintWriter(w));
            return SafeJson.truncate(w.toString(), MAX_STACK_TRACE);
        } catch (RuntimeException e) {
            return t.getClass().getName();
        }
    }

    private static Map<String, Object> brief(Throwable t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", t.getClass().getName());
        m.put("message", t.getMessage());
        return m;
    }
}
