package ai.oceum.devserver;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The webhook's wire behaviour, with raw HTTP: both dialects, auth, de-duplication, refusals. */
@DatabaseTest
class WebhookProtocolTest {
    private static DevServer server;
    private static Api api;

    @BeforeAll
    static void start() {
        server = TestDatabase.builder()
                .apiKey("test-key")
                .maxBodyBytes(4096)
                .build()
                .start();
        api = new Api(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static long events() {
        return api.dashboard().get("totals").get("events").asLong();
    }

    @Test
    void acceptsReferenceDialect() {
        Api.Reply r = api.post(
                "{\"event\":\"task_start\",\"agentId\":\"ref-agent\",\"data\":{\"taskName\":\"classify\",\"taskId\":\"t1\"}}",
                "Authorization",
                "Bearer test-key");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body().get("ok").asBoolean()).isTrue();
        assertThat(r.text("event")).isEqualTo("task_start");
        assertThat(r.text("agentId")).isEqualTo("ref-agent");
        api.event(
                "{\"event\":\"task_complete\",\"agentId\":\"ref-agent\",\"data\":{\"taskName\":\"classify\",\"taskId\":\"t1\",\"durationMs\":1834}}");

        var task = findTask("ref-agent", "classify");
        assertThat(task.get("status").asText()).isEqualTo("succeeded");
        assertThat(task.get("durationMs").asLong()).isEqualTo(1834);
    }

    @Test
    void acceptsTutorialDialect() {
        Api.Reply start = api.post(
                "{\"agent_id\":\"tutorial-agent\",\"event\":\"taskStart\",\"data\":{\"name\":\"research\"}}",
                "x-api-key",
                "test-key");
        Api.Reply done = api.post(
                "{\"agent_id\":\"tutorial-agent\",\"event\":\"taskComplete\",\"data\":{\"name\":\"research\","
                        + "\"meta\":{\"confidence\":0.94}}}",
                "x-api-key",
                "test-key");

        assertThat(start.status()).isEqualTo(200);
        assertThat(start.text("event")).isEqualTo("task_start");
        assertThat(done.text("event")).isEqualTo("task_complete");
        var task = findTask("tutorial-agent", "research");
        assertThat(task.get("status").asText()).isEqualTo("succeeded");
        assertThat(task.get("durationMs").isNull()).isFalse();
    }

    @Test
    void redeliveredEventIdGetsTheFirstAnswerAndIsStoredOnce() {
        String body =
                "{\"event\":\"usage\",\"agentId\":\"dedup-agent\",\"data\":{\"model\":\"gpt-4o\",\"tokensInput\":1000,\"tokensOutput\":500}}";
        long before = events();
        Api.Reply first = api.event(body, "Idempotency-Key", "evt-123");
        Api.Reply again = api.event(body, "Idempotency-Key", "evt-123");

        assertThat(again.status()).isEqualTo(200);
        assertThat(again.raw().body()).isEqualTo(first.raw().body());
        assertThat(again.raw().headers().firstValue("Idempotent-Replayed")).contains("true");
        assertThat(events()).isEqualTo(before + 1);
        assertThat(usageCalls("dedup-agent", "gpt-4o")).isEqualTo(1);
    }

    @Test
    void concurrentRedeliveriesAreStoredOnce() throws Exception {
        String body = "{\"event\":\"task_complete\",\"agentId\":\"race-agent\",\"data\":{\"taskName\":\"r\"}}";
        long before = events();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(6);
        try {
            java.util.List<java.util.concurrent.Future<Api.Reply>> replies = new java.util.ArrayList<>();
            for (int i = 0; i < 12; i++) {
                replies.add(pool.submit(() -> api.event(body, "Idempotency-Key", "race-1")));
            }
            for (var r : replies) {
                assertThat(r.get().status()).isEqualTo(200);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(events()).isEqualTo(before + 1);
        assertThat(findTask("race-agent", "r").get("status").asText()).isEqualTo("succeeded");
    }

    @Test
    void heartbeatsShowTheAgentLiveWithItsObservedInterval() {
        api.event("{\"event\":\"heartbeat\",\"agentId\":\"beater\",\"data\":{}}");
        api.event("{\"agent_id\":\"beater\",\"event\":\"heartbeat\",\"data\":{\"status\":\"busy\"}}");
        var agent = find(api.dashboard().get("agents"), "beater", "agentId", "beater");
        assertThat(agent.get("liveness").asText()).isEqualTo("live");
        assertThat(agent.get("status").asText()).isEqualTo("busy");
        assertThat(agent.get("heartbeatIntervalMs").isNumber()).isTrue();
        assertThat(agent.get("staleAfterMs").asLong()).isGreaterThanOrEqualTo(2_500);
    }

    @Test
    void envelopeEventIdDeduplicatesWithoutTheHeader() {
        String body = "{\"event\":\"heartbeat\",\"agentId\":\"dedup2\",\"eventId\":\"e-42\",\"data\":{}}";
        long before = events();
        api.event(body);
        api.event(body);
        assertThat(events()).isEqualTo(before + 1);
    }

    @Test
    void usageIsAnsweredWithItsCost() {
        Api.Reply r = api.event(
                "{\"event\":\"usage\",\"agentId\":\"cost-agent\",\"data\":{\"model\":\"gpt-4o-mini-2024-07-18\","
                        + "\"tokensInput\":1000000,\"tokensOutput\":1000000}}");
        assertThat(r.body().get("costUsd").asDouble()).isEqualTo(0.75); // 0.15 + 0.60 per 1M
        assertThat(r.body().get("priced").asBoolean()).isTrue();

        Api.Reply unknown =
                api.event("{\"event\":\"usage\",\"agentId\":\"cost-agent\",\"data\":{\"model\":\"my-local-llama\","
                        + "\"tokensInput\":10,\"tokensOutput\":5}}");
        assertThat(unknown.body().get("costUsd").asDouble()).isZero();
        assertThat(unknown.body().get("priced").asBoolean()).isFalse();
    }

    @Test
    void moneyIsExactDecimalInAnswersAndOnTheDashboard() {
        // As doubles, the two costs (0.000021 and 0.0000366) add up to 0.000057600000000000004.
        Api.Reply first =
                api.event("{\"event\":\"usage\",\"agentId\":\"decimal-agent\",\"data\":{\"model\":\"gpt-4o-mini\","
                        + "\"tokensInput\":100,\"tokensOutput\":10}}");
        api.event("{\"event\":\"usage\",\"agentId\":\"decimal-agent\",\"data\":{\"model\":\"gpt-4o-mini\","
                + "\"tokensInput\":100,\"tokensOutput\":36}}");
        assertThat(first.raw().body()).contains("\"costUsd\":0.000021,");
        String dashboard = api.get("/api/dashboard", false).raw().body();
        assertThat(dashboard)
                .contains("\"agentId\":\"decimal-agent\",\"model\":\"gpt-4o-mini\",\"calls\":2,"
                        + "\"tokensInput\":200,\"tokensOutput\":46,\"costUsd\":0.0000576}");
        assertThat(dashboard)
                .doesNotContain("0.0000576000")
                .doesNotContain("5.76E")
                .doesNotContain("57600000000000004");
    }

    @Test
    void anErrorWithoutATypeGetsOneDerivedFromWhatItCarried() {
        api.event(
                "{\"event\":\"error\",\"agentId\":\"tool-agent\",\"data\":{\"message\":\"Tool 'lookupCustomer' failed: no customer\","
                        + "\"meta\":{\"source\":\"langchain4j.tool\",\"tool\":\"lookupCustomer\",\"durationMs\":4}}}");
        api.event("{\"event\":\"error\",\"agentId\":\"tool-agent\",\"data\":{\"message\":\"disk almost full\","
                + "\"meta\":{\"source\":\"logback\",\"logger\":\"com.example.Disk\"}}}");
        api.event("{\"event\":\"error\",\"agentId\":\"tool-agent\",\"data\":{\"message\":\"plain\"}}");
        var tool = find(
                api.dashboard().get("errors"), "tool-agent", "message", "Tool 'lookupCustomer' failed: no customer");
        assertThat(tool.get("type").asText()).isEqualTo("tool:lookupCustomer");
        assertThat(tool.get("typeDerived").asBoolean()).isTrue();
        assertThat(tool.get("meta").get("durationMs").asInt()).isEqualTo(4);
        assertThat(find(api.dashboard().get("errors"), "tool-agent", "message", "disk almost full")
                        .get("type")
                        .asText())
                .isEqualTo("log:com.example.Disk");
        assertThat(find(api.dashboard().get("errors"), "tool-agent", "message", "plain")
                        .get("type")
                        .asText())
                .isEqualTo("error");
    }

    @Test
    void theErrorsOfOneFailedTaskRunAreOneIncidentHeadedByTheFailure() {
        for (int run = 1; run <= 2; run++) {
            String task = "\"taskName\":\"triage-ticket\",\"taskId\":\"inc-" + run + "\"";
            api.event(
                    "{\"event\":\"error\",\"agentId\":\"incident-agent\",\"data\":{\"message\":\"Cannot triage: empty\","
                            + "\"type\":\"java.lang.IllegalArgumentException\"," + task
                            + ",\"meta\":{\"source\":\"logback\"}}}");
            api.event(
                    "{\"event\":\"error\",\"agentId\":\"incident-agent\",\"data\":{\"message\":\"ticket has no text\","
                            + "\"type\":\"java.lang.IllegalArgumentException\"," + task
                            + ",\"taskStatus\":\"failed\"}}");
        }
        var d = api.dashboard();
        var groups = new java.util.ArrayList<com.fasterxml.jackson.databind.JsonNode>();
        d.get("errors").forEach(g -> {
            if (g.get("agentId").asText().equals("incident-agent")) {
                groups.add(g);
            }
        });
        assertThat(groups).singleElement().satisfies(g -> {
            assertThat(g.get("message").asText()).isEqualTo("ticket has no text");
            assertThat(g.get("count").asLong()).isEqualTo(2);
            assertThat(g.get("taskId").asText()).isEqualTo("inc-2");
            assertThat(g.get("related"))
                    .singleElement()
                    .satisfies(r -> assertThat(r.get("message").asText()).isEqualTo("Cannot triage: empty"));
        });
    }

    @Test
    void identifiersLongerThanTheirColumnsAreRefusedNamingTheField() {
        long before = events();
        Api.Reply status = api.event(
                "{\"event\":\"status\",\"agentId\":\"long\",\"data\":{\"status\":\"" + "s".repeat(201) + "\"}}");
        assertThat(status.status()).isEqualTo(400);
        assertThat(status.text("error")).isEqualTo("data.status is longer than 200 characters");
        assertThat(api.event("{\"event\":\"task_start\",\"agentId\":\"long\",\"data\":{\"taskName\":\""
                                + "n".repeat(1001) + "\"}}")
                        .text("error"))
                .isEqualTo("data.taskName is longer than 1000 characters");
        assertThat(api.event("{\"event\":\"usage\",\"agentId\":\"long\",\"data\":{\"model\":\"" + "m".repeat(201)
                                + "\"}}")
                        .text("error"))
                .isEqualTo("data.model is longer than 200 characters");
        assertThat(api.event("{\"event\":\"task_start\",\"agentId\":\"long\",\"data\":{\"taskId\":\"" + "i".repeat(201)
                                + "\"}}")
                        .text("error"))
                .isEqualTo("data.taskId is longer than 200 characters");
        assertThat(events()).isEqualTo(before);
        assertThat(api.event("{\"event\":\"status\",\"agentId\":\"long\",\"data\":{\"status\":\"" + "s".repeat(200)
                                + "\"}}")
                        .status())
                .isEqualTo(200);
    }

    @Test
    void missingKeyIs401AndStoresNothing() {
        long before = events();
        Api.Reply r = api.post("{\"event\":\"heartbeat\",\"agentId\":\"a\",\"data\":{}}");
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.text("error")).contains("missing API key");
        assertThat(events()).isEqualTo(before);
    }

    @Test
    void wrongKeyIs401WithoutEchoingIt() {
        Api.Reply r = api.post("{\"event\":\"heartbeat\",\"agentId\":\"a\",\"data\":{}}", "x-api-key", "guess-123");
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.text("error")).isEqualTo("invalid API key");
        assertThat(r.raw().body()).doesNotContain("guess-123");
    }

    @Test
    void malformedJsonIs400AndStoresNothing() {
        long before = events();
        Api.Reply r = api.event("{\"event\":\"heartbeat\",\"agentId\":");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.text("error")).startsWith("malformed JSON");
        assertThat(api.event("{\"event\":\"heartbeat\",\"agentId\":\"a\"} trailing")
                        .status())
                .isEqualTo(400);
        assertThat(api.event("").status()).isEqualTo(400);
        assertThat(events()).isEqualTo(before);
    }

    @Test
    void unknownEventIs400NamingTheKnownOnes() {
        Api.Reply r = api.event("{\"event\":\"launch_rockets\",\"agentId\":\"a\",\"data\":{}}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.text("error"))
                .contains("unknown event 'launch_rockets'")
                .contains("heartbeat", "task_start", "vault_proxy");
    }

    @Test
    void missingAgentIdAndNonObjectDataAre400() {
        assertThat(api.event("{\"event\":\"heartbeat\",\"data\":{}}").text("error"))
                .contains("agentId");
        assertThat(api.event("{\"event\":\"heartbeat\",\"agentId\":\"a\",\"data\":[1]}")
                        .status())
                .isEqualTo(400);
        assertThat(api.event("[1,2]").status()).isEqualTo(400);
        assertThat(api.event("{\"event\":\"usage\",\"agentId\":\"a\",\"data\":{\"model\":\"x\",\"tokensInput\":-5}}")
                        .status())
                .isEqualTo(400);
    }

    @Test
    void bodyOverTheLimitIs413() {
        long before = events();
        String big = "{\"event\":\"memory\",\"agentId\":\"a\",\"data\":{\"content\":\"" + "x".repeat(5000) + "\"}}";
        Api.Reply r = api.event(big);
        assertThat(r.status()).isEqualTo(413);
        assertThat(r.text("error")).contains("4096");
        assertThat(events()).isEqualTo(before);
    }

    @Test
    void wrongMethodIs405() {
        Api.Reply r = api.get("/api/webhook", true);
        assertThat(r.status()).isEqualTo(405);
        assertThat(r.raw().headers().firstValue("Allow")).contains("POST");
    }

    @Test
    void memoryIsReadByTagAndLimit() {
        api.event(
                "{\"event\":\"memory\",\"agentId\":\"mem\",\"data\":{\"content\":\"prefers email\",\"tags\":[\"customer-42\",\"prefs\"]}}");
        api.event(
                "{\"event\":\"memory\",\"agentId\":\"mem\",\"data\":{\"content\":\"vip\",\"tags\":[\"customer-42\"]}}");
        api.event(
                "{\"event\":\"memory\",\"agentId\":\"mem\",\"data\":{\"content\":\"other\",\"tags\":[\"customer-7\"]}}");

        Api.Reply r = api.get("/api/memory?tag=customer-42&limit=10", true);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body().get("count").asInt()).isEqualTo(2);
        assertThat(r.body().get("entries").get(0).get("content").asText()).isEqualTo("vip");
        assertThat(r.body().get("entries").get(1).get("tags").toString()).contains("prefs");
        assertThat(api.get("/api/memory?tag=customer-42&limit=1", true)
                        .body()
                        .get("count")
                        .asInt())
                .isEqualTo(1);
        assertThat(api.get("/api/memory?limit=0", true).status()).isEqualTo(400);
        assertThat(api.get("/api/memory", false).status()).isEqualTo(401);
    }

    @Test
    void errorsAreGroupedWithCountsAndTheirStackTrace() {
        for (int i = 0; i < 3; i++) {
            api.event(
                    "{\"event\":\"error\",\"agentId\":\"err-agent\",\"data\":{\"message\":\"rate limit\",\"type\":\"java.io.IOException\","
                            + "\"stackTrace\":\"java.io.IOException: rate limit\\n\\tat Foo.bar(Foo.java:1)\"}}");
        }
        var group = find(api.dashboard().get("errors"), "err-agent", "message", "rate limit");
        assertThat(group.get("count").asLong()).isEqualTo(3);
        assertThat(group.get("stackTrace").asText()).contains("Foo.bar");
    }

    @Test
    void failedTaskErrorEndsTheTaskAsFailed() {
        api.event(
                "{\"event\":\"task_start\",\"agentId\":\"fail-agent\",\"data\":{\"taskName\":\"parse\",\"taskId\":\"p1\"}}");
        api.event(
                "{\"event\":\"error\",\"agentId\":\"fail-agent\",\"data\":{\"message\":\"boom\",\"taskName\":\"parse\",\"taskId\":\"p1\","
                        + "\"taskStatus\":\"failed\",\"durationMs\":12}}");
        var task = findTask("fail-agent", "parse");
        assertThat(task.get("status").asText()).isEqualTo("failed");
        assertThat(task.get("durationMs").asLong()).isEqualTo(12);
    }

    private static com.fasterxml.jackson.databind.JsonNode findTask(String agent, String name) {
        return find(api.dashboard().get("recentTasks"), agent, "name", name);
    }

    private static long usageCalls(String agent, String model) {
        return find(api.dashboard().get("usage"), agent, "model", model)
                .get("calls")
                .asLong();
    }

    static com.fasterxml.jackson.databind.JsonNode find(
            com.fasterxml.jackson.databind.JsonNode list, String agent, String field, String value) {
        for (var n : list) {
            if (n.get("agentId").asText().equals(agent) && n.get(field).asText().equals(value)) {
                return n;
            }
        }
        throw new AssertionError("no " + field + "=" + value + " for " + agent + " in " + list);
    }
}
