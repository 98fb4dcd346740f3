package ai.oceum.internal.json;

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
    public static final int MAX_STACK_TRACE = SafeJson.MAX_STRING;

    private static final int TOP_FRAMES = 40;
    private static final int NESTED_FRAMES = 12;
    private static final int MAX_CHAIN = 20;

    private Throwables() {}

    /** Adds {@code type}, {@code message}, {@code stackTrace}, {@code causes}, {@code suppressed} to {@code data}. */
    public static void describe(Throwable t, Map<String, Object> data) {
        data.put("type", t.getClass().getName());
        if (!data.containsKey("message") || data.get("message") == null) {
            data.put(
                    "message",
                    t.getMessage() != null ? t.getMessage() : t.getClass().getName());
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

    /**
     * The stack trace as {@link Throwable#printStackTrace()} prints it (causes and suppressed, frames
     * shared with the enclosing trace elided), but with at most {@value #TOP_FRAMES} frames for the
     * thrown exception and {@value #NESTED_FRAMES} for each cause or suppressed one, capped at
     * {@value #MAX_STACK_TRACE} chars. A plain print of a deep framework stack would fill the
     * cap with frames of the top exception and cut off the causes, which matter most.
     */
    public static String stackTrace(Throwable t) {
        try {
            StringBuilder b = new StringBuilder(2048);
            Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
            append(b, t, new StackTraceElement[0], "", "", TOP_FRAMES, seen);
            return SafeJson.truncate(b.toString(), MAX_STACK_TRACE);
        } catch (RuntimeException e) {
            return t.getClass().getName();
        }
    }

    private static void append(
            StringBuilder b,
            Throwable t,
            StackTraceElement[] enclosing,
            String caption,
            String prefix,
            int maxFrames,
            Set<Throwable> seen) {
        if (!seen.add(t)) {
            b.append(prefix)
                    .append(caption)
                    .append("[CIRCULAR REFERENCE: ")
                    .append(t)
                    .append("]\n");
            return;
        }
        if (b.length() > MAX_STACK_TRACE) {
            return;
        }
        StackTraceElement[] trace = t.getStackTrace();
        int m = trace.length - 1;
        int n = enclosing.length - 1;
        while (m >= 0 && n >= 0 && trace[m].equals(enclosing[n])) {
            m--;
            n--;
        }
        b.append(prefix).append(caption).append(t).append('\n');
        int shown = Math.min(m + 1, maxFrames);
        for (int i = 0; i < shown; i++) {
            b.append(prefix).append("\tat ").append(trace[i]).append('\n');
        }
        int hidden = trace.length - shown;
        if (hidden > 0) {
            b.append(prefix).append("\t... ").append(hidden).append(" more\n");
        }
        for (Throwable s : t.getSuppressed()) {
            append(b, s, trace, "Suppressed: ", prefix + "\t", NESTED_FRAMES, seen);
        }
        Throwable cause = t.getCause();
        if (cause != null) {
            append(b, cause, trace, "Caused by: ", prefix, NESTED_FRAMES, seen);
        }
    }

    private static Map<String, Object> brief(Throwable t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", t.getClass().getName());
        m.put("message", t.getMessage());
        return m;
    }
}
