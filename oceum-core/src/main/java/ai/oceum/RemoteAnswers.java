package ai.oceum;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reading the JSON answers of the request/response calls, leniently: the platform's field names vary. Stateless. */
final class RemoteAnswers {
    private RemoteAnswers() {}

    static String urlEncode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static String str(Object o) {
        return o == null ? null : o.toString();
    }

    /** A list of strings, or a comma-separated string, as a list; empty otherwise. */
    static List<String> stringList(Object o) {
        if (o instanceof List<?> l) {
            return l.stream().map(String::valueOf).toList();
        }
        if (o instanceof String s && !s.isBlank()) {
            return List.of(s.split("\\s*,\\s*"));
        }
        return List.of();
    }

    /** The entries under the first of {@code keys} present (else a bare array answer): the objects among them. */
    @SuppressWarnings("unchecked") // a JSON object parsed as Object is a Map with String keys
    static List<Map<String, Object>> entryList(Map<String, Object> body, String... keys) {
        Object list = null;
        for (String k : keys) {
            list = body.get(k);
            if (list != null) {
                break;
            }
        }
        if (list == null) {
            list = body.get("value"); // a bare array answer
        }
        List<Map<String, Object>> out = new ArrayList<>();
        if (list instanceof List<?> l) {
            for (Object e : l) {
                if (e instanceof Map<?, ?> m) {
                    out.add((Map<String, Object>) m);
                }
            }
        }
        return out;
    }
}
