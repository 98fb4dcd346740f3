package com.example.aidesk;

import static org.assertj.core.api.Assertions.assertThat;

import ai.oceum.Oceum;
import ai.oceum.spring.boot.observation.OceumObservationRegistrar;
import ai.oceum.springai.OceumObservationHandler;
import ai.oceum.springai.OceumSpringAi;
import ai.oceum.testing.FakeOpenAi;
import ai.oceum.testing.TestClients;
import ai.oceum.testing.TestReceiver;
import ai.oceum.testing.TestReceiver.Recorded;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * A real Spring AI application ({@link AiDeskApp}: Spring AI's OpenAI starter against a fake
 * OpenAI server on 127.0.0.1) with the Oceum starter, two Oceum properties (plus the test
 * receiver's URL) and no Oceum code, on this module's Boot and Spring AI line. A ticket runs an
 * {@code @AgentTask} method whose {@code ChatClient} call asks for two tools, the second of which
 * throws (Spring AI hands its message to the model). Each run closes the context before the
 * assertions on what was not sent: closing flushes every accepted event.
 */
class SpringAiAppTest {
    private static final Duration WAIT = Duration.ofSeconds(15);

    @AfterEach
    void forgetTheGlobalClient() {
        Oceum.setGlobal(null);
    }

    @Test
    void aChatClientCallIsATaskWithPerCallUsage_itsToolCalls_andTheFailedTool() throws Exception {
        Run run = run(List.of());

        JsonNode ticket = run.start("answer-ticket");
        JsonNode call = run.start("ChatClient.call");
        assertThat(call.path("parentTaskId").asText())
                .isEqualTo(ticket.path("taskId").asText());
        assertThat(call.path("meta").path("source").asText()).isEqualTo("spring-ai");

        List<JsonNode> usage = run.data("usage");
        assertThat(usage)
                .extracting(u -> u.path("tokensInput").asInt())
                .as("per call, never the running total")
                .containsExactly(20, 25, 31);
        assertThat(usage).extracting(u -> u.path("tokensOutput").asInt()).containsExactly(10, 12, 7);
        assertThat(usage).allSatisfy(u -> {
            assertThat(u.path("taskId").asText()).isEqualTo(call.path("taskId").asText());
            assertThat(u.path("model").asText()).isEqualTo(FakeOpenAi.MODEL);
            assertThat(u.path("provider").asText()).isEqualTo("openai");
        });

        JsonNode done = run.complete("ChatClient.call");
        assertThat(done.path("meta").path("modelCalls").asInt()).isEqualTo(3);
        assertThat(done.path("meta").path("toolCalls").asInt()).isEqualTo(2);
        assertThat(done.path("meta").path("toolFailures").asInt()).isEqualTo(1);
        assertThat(done.path("meta").path("tools"))
                .extracting(
                        t -> t.path("name").asText() + ":" + t.path("status").asText())
                .containsExactly("orderStatus:ok", "cancelOrder:failed");
        assertThat(done.path("usageTotals").path("tokensInput").asInt()).isEqualTo(76);
        assertThat(run.complete("answer-ticket")
                        .path("usageTotals")
                        .path("tokensInput")
                        .asInt())
                .isEqualTo(76);

        JsonNode toolError = run.error("spring-ai.tool");
        assertThat(toolError.path("meta").path("tool").asText()).isEqualTo("cancelOrder");
        assertThat(toolError.path("meta").path("returnedToModel").asBoolean()).isTrue();
        assertThat(toolError.path("message").asText()).contains("has already shipped");
        assertThat(toolError.path("taskId").asText())
                .isEqualTo(call.path("taskId").asText());

        JsonNode logged = run.loggedError();
        assertThat(logged.path("message").asText()).startsWith("Ticket needs a human");
        assertThat(logged.path("taskId").asText())
                .isEqualTo(ticket.path("taskId").asText());
    }

    @Test
    void withoutBootsObservationRegistryTheStartersOwnCarriesTheHandler() throws Exception {
        Run run = run(List.of("spring.autoconfigure.exclude=" + SpringAiLine.BOOT_OBSERVATION));

        assertThat(run.registries()).containsExactly("oceumObservationRegistry");
        assertThat(run.start("ChatClient.call").path("parentTaskId").asText())
                .isEqualTo(run.start("answer-ticket").path("taskId").asText());
        assertThat(run.data("usage")).hasSize(3);
        assertThat(run.error("spring-ai.tool").path("meta").path("tool").asText())
                .isEqualTo("cancelOrder");
    }

    @Test
    void switchedOffNoSpringAiTaskOrUsageIsReported_andTheRestStillIs() throws Exception {
        Run run = run(List.of("oceum.spring-ai.enabled=false"));

        assertThat(run.start("answer-ticket")).isNotNull();
        assertThat(run.loggedError().path("message").asText()).startsWith("Ticket needs a human");
        assertThat(run.starts()).noneMatch(s -> s.path("taskName").asText().startsWith("ChatClient"));
        assertThat(run.data("usage")).isEmpty();
        assertThat(run.data("error"))
                .noneMatch(e -> e.path("meta").path("source").asText().startsWith("spring-ai"));
    }

    @Test
    void theApplicationsOwnHandlerBeanIsNotDoubled() throws Exception {
        assertReportedOnce(run(List.of(), OwnHandler.class));
    }

    @Test
    void theApplicationsOwnRegistrarIsNotDoubled() throws Exception {
        assertReportedOnce(run(List.of(), OwnRegistrar.class));
    }

    private static void assertReportedOnce(Run run) {
        assertThat(run.starts())
                .filteredOn(s -> s.path("taskName").asText().equals("ChatClient.call"))
                .hasSize(1);
        assertThat(run.data("usage")).hasSize(3);
        assertThat(run.data("error"))
                .filteredOn(e -> e.path("meta").path("source").asText().equals("spring-ai.tool"))
                .hasSize(1);
        assertThat(run.complete("ChatClient.call").path("meta").path("tools")).hasSize(2);
    }

    /** The application's own registration, as the docs showed it before the starter did it. */
    static class OwnHandler {
        @Bean
        OceumObservationHandler myOceumHandler(Oceum oceum) {
            return new OceumObservationHandler(oceum);
        }
    }

    static class OwnRegistrar {
        @Bean
        OceumObservationRegistrar mySpringAi() {
            return OceumSpringAi::register;
        }
    }

    /** Starts the desk, answers one ticket, closes it; returns what the receiver got. */
    private static Run run(List<String> extraProperties, Class<?>... extraSources) throws Exception {
        try (TestReceiver receiver = TestReceiver.start();
                FakeOpenAi openAi = FakeOpenAi.start()) {
            openAi.respondWith(Script::reply);
            List<Class<?>> sources = new ArrayList<>(List.of(AiDeskApp.class));
            sources.addAll(List.of(extraSources));
            List<String> properties = new ArrayList<>(List.of(
                    "oceum.api-key=" + TestClients.API_KEY,
                    "oceum.agent-id=ai-desk",
                    "oceum.base-url=" + receiver.baseUrl()));
            properties.addAll(List.of(SpringAiLine.openAi(openAi.baseUrl())));
            properties.addAll(extraProperties);
            List<String> registries;
            try (ConfigurableApplicationContext app = new SpringApplicationBuilder(sources.toArray(Class<?>[]::new))
                    .web(WebApplicationType.NONE)
                    .properties(properties.toArray(String[]::new))
                    .run()) {
                assertThat(app.getBean(DeskAgent.class).answer("Where is order 4812? Please cancel it."))
                        .isEqualTo(Script.ANSWER);
                registries = List.of(app.getBeanNamesForType(io.micrometer.observation.ObservationRegistry.class));
            }
            // Closed: everything accepted was delivered (or the close would have said so in stats).
            receiver.awaitEvents("task_complete", 1, WAIT);
            return new Run(receiver.webhookRequests(), registries);
        }
    }

    /** What one run delivered. */
    record Run(List<Recorded> events, List<String> registries) {
        List<JsonNode> data(String type) {
            return events.stream()
                    .filter(e -> type.equals(e.eventType()))
                    .map(Recorded::data)
                    .toList();
        }

        List<JsonNode> starts() {
            return data("task_start");
        }

        JsonNode start(String name) {
            return named(starts(), name);
        }

        JsonNode complete(String name) {
            return named(data("task_complete"), name);
        }

        JsonNode error(String source) {
            return data("error").stream()
                    .filter(e -> e.path("meta").path("source").asText().equals(source))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no error from " + source + " in " + data("error")));
        }

        JsonNode loggedError() {
            return data("error").stream()
                    .filter(e -> e.path("message").asText().startsWith("Ticket needs a human"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no logged error in " + data("error")));
        }

        private static JsonNode named(List<JsonNode> events, String name) {
            return events.stream()
                    .filter(d -> d.path("taskName").asText().equals(name))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no " + name + " in " + events));
        }
    }
}
