package ai.oceum.spring.boot.task;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A call's arguments as task meta ({@code meta.arguments}), the way the core's proxy and the
 * Java agent record them: each {@code toString()} cut to {@value #MAX_CHARS} characters, and an
 * argument whose {@code toString()} throws recorded as {@code [toString() threw <type>]}.
 */
final class TaskArguments {
    static final int MAX_CHARS = 256;

    private TaskArguments() {
    }

    static Map<String, Object> meta(Object[] args) {
        List<String> rendered = new ArrayList<>(args == null ? 0 : args.length);
        if (args != null) {
            for (Object arg : args) {
                String s = render(arg);
                rendered.add(s.length() <= MAX_CHARS ? s : s.substring(0, MAX_CHARS) + "…");
            }
        }
        return Map.of("arguments", rendered);
    }

    private static String render(Object arg) {
        try {
            if (arg != null && arg.getClass().isArray()) {
                String s = Arrays.deepToString(new Object[] {arg});
                return s.substring(1, s.length() - 1);
            }
            return String.valueOf(arg);
        } catch (Throwable t) {
            // The application's toString() is not ours to trust; the call goes on either way.
            return "[toString() threw " + t.getClass().getName() + "]";
        }
    }
}
