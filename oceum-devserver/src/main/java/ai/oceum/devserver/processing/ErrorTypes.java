package ai.oceum.devserver.processing;

import ai.oceum.devserver.protocol.IncomingEvent;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * A type for an error event that carries none (a failed tool, a log line without an exception):
 * derived from what its {@code meta} says, so the dashboard does not show every such error as a
 * bare "error". Stateless.
 */
final class ErrorTypes {
    /** The type when nothing tells more. */
    static final String UNKNOWN = "error";

    private ErrorTypes() {}

    /**
     * {@code tool:<name>} for a failed tool ({@code meta.tool}, as the LangChain4j adapter sends),
     * {@code log:<logger>} for a log line ({@code meta.logger}), the reporting integration
     * ({@code meta.source}), else {@value #UNKNOWN}.
     */
    static String derive(JsonNode meta) {
        if (meta == null || !meta.isObject()) {
            return UNKNOWN;
        }
        String tool = IncomingEvent.text(meta, "tool");
        if (tool != null) {
            return "tool:" + tool;
        }
        String logger = IncomingEvent.text(meta, "logger");
        if (logger != null) {
            return "log:" + logger;
        }
        String source = IncomingEvent.text(meta, "source");
        return source != null ? source : UNKNOWN;
    }
}
