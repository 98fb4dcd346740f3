package ai.oceum.devserver.processing;

import ai.oceum.devserver.protocol.FieldLimits;
import ai.oceum.devserver.protocol.IncomingEvent;
import ai.oceum.devserver.store.TaskDetails;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads what a task event says about its task for the trace view ({@link TaskDetails}): kind,
 * outcome, run hints and the {@code meta} object, compacted to fit its column. The meta is
 * optional decoration, so nothing here refuses an event: an over-long id hint is ignored, long
 * texts are cut, and a meta that stays too big loses its content fields (inputs, outputs,
 * arguments), then its nested values. Stateless; safe from any thread.
 */
final class TaskEventDetails {
    /** Strings inside a stored meta are cut to this many characters. */
    private static final int MAX_STRING = 300;
    /** Arrays inside a stored meta keep this many elements (a tool summary is bounded by the SDK, too). */
    private static final int MAX_ARRAY = 100;

    private static final int MAX_DEPTH = 4;
    /** Content an SDK sends only with content capture on: the first to go when a meta is too big. */
    private static final List<String> CONTENT = List.of("inputs", "output", "arguments", "result", "prompt", "answer");

    private TaskEventDetails() {}

    static TaskDetails ofStart(IncomingEvent e) {
        return of(e, null, FieldLimits.TASK_START_META);
    }

    static TaskDetails ofEnd(IncomingEvent e) {
        JsonNode totals = e.data().get("usageTotals");
        String totalsJson = totals != null && totals.isObject() ? totals.toString() : null;
        return of(
                e,
                totalsJson != null && totalsJson.length() <= FieldLimits.USAGE_TOTALS ? totalsJson : null,
                FieldLimits.TASK_END_META);
    }

    private static TaskDetails of(IncomingEvent e, String usageTotals, int maxMeta) {
        JsonNode meta = e.data().get("meta");
        if (meta == null || !meta.isObject()) {
            return usageTotals == null ? TaskDetails.NONE : new TaskDetails(null, null, null, null, null, usageTotals);
        }
        return new TaskDetails(
                FieldLimits.cut(IncomingEvent.text(meta, "kind"), FieldLimits.TASK_KIND),
                FieldLimits.cut(IncomingEvent.text(meta, "status"), FieldLimits.TASK_KIND),
                id(meta, "rootTaskId"),
                id(meta, "resumeOf"),
                compact((ObjectNode) meta, maxMeta),
                usageTotals);
    }

    private static String id(JsonNode meta, String field) {
        String v = IncomingEvent.text(meta, field);
        return v == null || v.length() > FieldLimits.TASK_ID ? null : v;
    }

    /** The meta as JSON text of at most {@code max} characters, or null when not even its plain values fit. */
    static String compact(ObjectNode meta, int max) {
        ObjectNode copy = (ObjectNode) shrink(meta, 0);
        String json = copy.toString();
        if (json.length() <= max) {
            return json;
        }
        dropContent(copy);
        json = copy.toString();
        if (json.length() <= max) {
            return json;
        }
        // Keep plain values only, then as many as fit.
        ObjectNode plain = JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, JsonNode> f : copy.properties()) {
            if (f.getValue().isValueNode()) {
                plain.set(f.getKey(), f.getValue());
                if (plain.toString().length() > max - 20) {
                    plain.remove(f.getKey());
                    break;
                }
            }
        }
        plain.put("metaCut", true);
        json = plain.toString();
        return json.length() <= max ? json : null;
    }

    private static JsonNode shrink(JsonNode n, int depth) {
        if (n.isTextual()) {
            String s = n.asText();
            return s.length() <= MAX_STRING
                    ? n
                    : JsonNodeFactory.instance.textNode(s.substring(0, MAX_STRING - 1) + "…");
        }
        if (n.isObject()) {
            if (depth >= MAX_DEPTH) {
                return JsonNodeFactory.instance.textNode("{…}");
            }
            ObjectNode o = JsonNodeFactory.instance.objectNode();
            n.properties().forEach(f -> o.set(f.getKey(), shrink(f.getValue(), depth + 1)));
            return o;
        }
        if (n.isArray()) {
            if (depth >= MAX_DEPTH) {
                return JsonNodeFactory.instance.textNode("[…]");
            }
            ArrayNode a = JsonNodeFactory.instance.arrayNode();
            for (int i = 0; i < Math.min(n.size(), MAX_ARRAY); i++) {
                a.add(shrink(n.get(i), depth + 1));
            }
            return a;
        }
        return n;
    }

    /** Removes content fields at any depth (an agent's inputs, a tool call's arguments and result). */
    private static void dropContent(JsonNode n) {
        if (n.isObject()) {
            List<String> names = new ArrayList<>();
            n.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                if (CONTENT.contains(name)) {
                    ((ObjectNode) n).remove(name);
                } else {
                    dropContent(n.get(name));
                }
            }
        } else if (n.isArray()) {
            n.forEach(TaskEventDetails::dropContent);
        }
    }
}
