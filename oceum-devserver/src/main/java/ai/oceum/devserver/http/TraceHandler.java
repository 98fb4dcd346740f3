package ai.oceum.devserver.http;

import ai.oceum.devserver.dashboard.TraceView;
import ai.oceum.devserver.protocol.ApiError;
import ai.oceum.devserver.protocol.FieldLimits;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.Map;

/**
 * {@code GET /api/trace?agentId=<agent>&taskId=<task>}: the run holding that task as a tree
 * ({@link TraceView}). Same access rule as the dashboard's other data: the local browser, or the
 * API key. 404 while no event of the task was stored (the page keeps waiting for it). Stateless.
 */
public final class TraceHandler extends JsonHandler {
    private final DashboardAccess access;
    private final TraceView traces;

    /** A handler. */
    public TraceHandler(ApiKeyCheck keys, TraceView traces, ObjectMapper mapper) {
        super("GET", mapper);
        this.access = new DashboardAccess(keys);
        this.traces = traces;
    }

    @Override
    Result respond(HttpExchange ex) throws IOException {
        access.require(ex);
        Map<String, String> query = HttpIo.query(ex);
        String agentId = required(query, "agentId", FieldLimits.AGENT_ID);
        String taskId = required(query, "taskId", FieldLimits.TASK_ID);
        Map<String, Object> model = traces.build(agentId, taskId)
                .orElseThrow(() -> new ApiError(
                        404,
                        "no task '" + taskId + "' of agent '" + agentId
                                + "' has been reported (yet), or retention deleted it"));
        return ok(model);
    }

    private static String required(Map<String, String> query, String name, int max) {
        String v = HttpIo.param(query, name);
        if (v == null) {
            throw ApiError.badRequest(
                    "the query needs " + name + "=<" + name + ">, as in /api/trace?agentId=my-agent&taskId=<task id>");
        }
        FieldLimits.check(v, name, max);
        return v;
    }
}
