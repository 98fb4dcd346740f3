package ai.oceum.langchain4j.agentic;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Inputs and outputs of agents as sent when {@code includeContent} is on: each value's
 * {@code toString()}, cut to {@code maxContentLength}. LangChain4j's own bookkeeping keys
 * ({@code __planner_state_*} and the like, {@code @MemoryId}) are left out.
 */
final class Content {
    private Content() {}

    /** The inputs worth showing, each described and cut; null when none is left. */
    static Map<String, Object> inputs(Map<String, Object> inputs, int max) {
        if (inputs == null || inputs.isEmpty()) {
            return null;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : inputs.entrySet()) {
            String key = e.getKey();
            if (key == null || key.startsWith("__") || key.startsWith("@")) {
                continue;
            }
            out.put(key, text(e.getValue(), max));
        }
        return out.isEmpty() ? null : out;
    }

    /** {@code value.toString()} cut to {@code max} characters; never throws. */
    static String text(Object value, int max) {
        String s;
        try {
            s = String.valueOf(value);
        } catch (RuntimeException broken) {
            s = "[unprintable " + value.getClass().getName() + "]";
        }
        if (s.length() <= max) {
            return s;
        }
        return s.substring(0, max) + "…[truncated " + (s.length() - max) + " chars]";
    }
}
