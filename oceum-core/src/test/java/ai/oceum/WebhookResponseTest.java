package ai.oceum;

import static org.assertj.core.api.Assertions.assertThat;

import ai.oceum.testing.OceumExtension;
import ai.oceum.testing.TestReceiver;
import ai.oceum.testing.TestReceiver.Reply;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The answer to an event as the application reads it: the cost is money, so it is an exact decimal. */
class WebhookResponseTest {
    @RegisterExtension
    final OceumExtension kit = OceumExtension.create();

    private final TestReceiver receiver = kit.receiver();
    private final Oceum oceum = kit.client("answer");

    private WebhookResponse answerTo(String json) throws Exception {
        receiver.enqueue(Reply.json(200, json));
        return oceum.reportUsage(Usage.of("gpt-4o", 1200, 450)).get(10, TimeUnit.SECONDS);
    }

    @Test
    void costUsdPrintsAsTheDecimalTheServerWrote() throws Exception {
        WebhookResponse answer = answerTo("{\"ok\":true,\"event\":\"usage\",\"costUsd\":0.0075}");

        // README's quick start logs this value: it must read as an amount, not OptionalDouble[0.0075].
        assertThat(answer.costUsd().map(String::valueOf)).contains("0.0075");
    }

    @Test
    void costUsdIsReadWithoutGoingThroughDouble() throws Exception {
        // 21 significant digits: a double keeps about 17, so 0.123456789012345678901 would come back altered.
        WebhookResponse answer = answerTo("{\"ok\":true,\"costUsd\":0.123456789012345678901}");

        assertThat(answer.costUsd()).hasValue(new BigDecimal("0.123456789012345678901"));
        assertThat(answer.body().get("costUsd")).isEqualTo(new BigDecimal("0.123456789012345678901"));
    }

    @Test
    void aWholeNumberOrANumericStringIsACost() throws Exception {
        assertThat(answerTo("{\"costUsd\":0}").costUsd()).hasValue(BigDecimal.ZERO);
        assertThat(answerTo("{\"costUsd\":\"0.00032760\"}").costUsd()).hasValue(new BigDecimal("0.00032760"));
    }

    @Test
    void noCostIsEmpty() throws Exception {
        assertThat(answerTo("{\"ok\":true}").costUsd()).isEmpty();
        assertThat(answerTo("{\"costUsd\":\"n/a\"}").costUsd()).isEmpty();
        assertThat(answerTo("{\"costUsd\":null}").costUsd()).isEmpty();
        assertThat(WebhookResponse.disabled().costUsd()).isEmpty();
        assertThat(WebhookResponse.spooled().costUsd()).isEmpty();
    }

    @Test
    void aBodyBuiltByHandWithADoubleGivesItsShortestDecimal() {
        Map<String, Object> body = new HashMap<>();
        body.put("costUsd", 0.0075d);
        assertThat(WebhookResponse.of(200, body).costUsd()).hasValue(new BigDecimal("0.0075"));
        body.put("costUsd", Double.NaN);
        assertThat(WebhookResponse.of(200, body).costUsd()).isEmpty();
    }
}
