package ai.oceum.integration;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Turns a call's arguments into task meta, without ever letting an argument break the call. */
final class ArgumentRecorder {
    /** Characters kept of each argument's {@code toString()}. */
    static final int MAX_CHARS = 256;

    static final String META_KEY = "arguments";

    private ArgumentRecorder() {}

    static Map<String, Object> meta(Object[] args) {
        List<String> rendered = new ArrayList<>(args == null ? 0 : args.length);
        if (args != null) {
            for (Object arg : args) {
                rendered.add(truncate(render(arg)));
            }
        }
        return Map.of(META_KEY, rendered);
    }

    private static String render(Object arg) {
        try {
            if (arg != null && arg.getClass().isArray()) {
                // deepToString of a one-element wrapper renders any array type readably.
                String s = Arrays.deepToString(new Object[] {arg});
                return s.substring(1, s.length() - 1);
            }
            return String.valueOf(arg);
        } catch (Throwable t) {
            // The application's toString() is not ours to trust; the call goes on either way.
            return "[toString() threw " + t.getClass().getName() + "]";
        }
    }

    private static String truncate(String s) {
        if (s == null) {
            return "null";
        }
        return s.length() <= MAX_CHARS ? s : s.substring(0, MAX_CHARS) + "…";
    }
}
