package ai.oceum.devserver;

import static org.assertj.core.api.Assertions.assertThat;

import ai.oceum.Oceum;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The per-agent budget cap and fault injection. */
@DatabaseTest
class BudgetAndChaosTest {

    @Test
    void budgetExceededIsSaidInTheUsageAnswerAndNewTasksAreRefused() {
        try (DevServer server = TestDatabase.builder()
                .apiKey("k")
                .budgetUsd(new java.math.BigDecimal("1.00"))
                .build()
                .start()) {
            Api api = new Api(server);
            Api.Reply under = api.event(
                    "{\"event\":\"usage\",\"agentId\":\"spender\",\"data\":{\"model\":\"gpt-4o\",\"tokensInput\":100000,\"tokensOutput\":0}}");
            assertThat(under.body().get("budgetExceeded").asBoolean()).isFalse();
            assertThat(api.event("{\"event\":\"task_start\",\"agentId\":\"spender\",\"data\":{\"taskName\":\"t\"}}")
                            .status())
                    .isEqualTo(200);

            Api.Reply over = api.event(
                    "{\"event\":\"usage\",\"agentId\":\"spender\",\"data\":{\"model\":\"gpt-4o\",\"tokensInput\":0,\"tokensOutput\":100000}}");
            assertThat(over.status()).isEqualTo(200);
            assertThat(over.body().get("costUsd").asDouble()).isEqualTo(1.0);
            assertThat(over.body().get("spentUsd").asDouble()).isEqualTo(1.25);
            assertThat(over.body().get("budgetExceeded").asBoolean()).isTrue();

            Api.Reply refused =
                    api.event("{\"event\":\"task_start\",\"agentId\":\"spender\",\"data\":{\"taskName\":\"t2\"}}");
            assertThat(refused.status()).isEqualTo(402);
            assertThat(refused.text("error")).contains("over its budget");
            assertThat(api.event("{\"event\":\"task_start\",\"agentId\":\"frugal\",\"data\":{\"taskName\":\"t\"}}")
                            .status())
                    .isEqualTo(200);
        }
    }

    @Test
    void chaosAnswersBeforeProcessingWithRetryAfterOn429() {
        try (DevServer server =
                TestDatabase.builder().apiKey("k").chaos("429=1").build().start()) {
            Api api = new Api(server);
            Api.Reply r = api.event("{\"event\":\"heartbeat\",\"agentId\":\"c\",\"data\":{}}");
            assertThat(r.status()).isEqualTo(429);
            assertThat(r.raw().headers().firstValue("Retry-After")).contains("1");
            assertThat(r.text("error")).contains("chaos");
            assertThat(api.dashboard().get("agents")).isEmpty();
        }
    }

    @Test
    void theSdkRetriesThroughChaosAndDeliversEverything() {
        try (DevServer server = TestDatabase.builder()
                        .apiKey("k")
                        .chaos("500=0.3,latency=5ms")
                        .build()
                        .start();
                Oceum oceum = Oceum.builder()
                        .baseUrl(server.baseUrl())
                        .apiKey("k")
                        .agentId("chaotic")
                        .readEnvironment(false)
                        .shutdownHook(false)
                        .retryInitialDelay(Duration.ofMillis(10))
                        .retryMaxDelay(Duration.ofMillis(50))
                        .maxRetries(10)
                        .build()) {
            for (int i = 0; i < 20; i++) {
                oceum.taskComplete("job-" + i);
            }
            assertThat(oceum.flush(Duration.ofSeconds(20))).isTrue();
            assertThat(oceum.stats().droppedTotal()).isZero();
            assertThat(oceum.stats().retried()).isPositive();
            long tasks = new Api(server).dashboard().get("totals").get("tasks").asLong();
            assertThat(tasks).isEqualTo(20); // retried events carry one Idempotency-Key: none counted twice
        }
    }
}
