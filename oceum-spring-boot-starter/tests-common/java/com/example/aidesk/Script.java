package com.example.aidesk;

import ai.oceum.testing.FakeOpenAi.Reply;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * What the fake OpenAI server answers the desk: first the {@code orderStatus} tool (20/10 tokens),
 * then {@code cancelOrder} (25/12), then the answer (31/7), by how many tool results the request
 * carries. The arguments use the parameter name the request's tool schema gives (it depends on
 * whether the tools were compiled with {@code -parameters}).
 */
final class Script {
    static final String ANSWER = "Order 4812 shipped yesterday; I could not cancel it.";

    private Script() {}

    static Reply reply(JsonNode request) {
        long toolResults = 0;
        for (JsonNode m : request.path("messages")) {
            if ("tool".equals(m.path("role").asText())) {
                toolResults++;
            }
        }
        if (toolResults == 0) {
            return Reply.toolCall("orderStatus", arguments(request, "orderStatus"), 20, 10);
        }
        if (toolResults == 1) {
            return Reply.toolCall("cancelOrder", arguments(request, "cancelOrder"), 25, 12);
        }
        return Reply.answer(ANSWER, 31, 7);
    }

    private static String arguments(JsonNode request, String tool) {
        for (JsonNode t : request.path("tools")) {
            if (tool.equals(t.path("function").path("name").asText())) {
                String parameter = t.path("function")
                        .path("parameters")
                        .path("properties")
                        .fieldNames()
                        .next();
                return "{\"" + parameter + "\":\"4812\"}";
            }
        }
        throw new AssertionError("the request offers no tool " + tool + ": " + request);
    }
}
