package ai.oceum.internal.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import ai.oceum.internal.transport.Answer;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;

/** Classification of answers, backoff bounds and both forms of Retry-After. */
class RetryPolicyTest {
    private final RetryPolicy policy = new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(30));

    private static String retryAfter(String value) {
        return value;
    }

    @Test
    void classifiesAnswersAsTheReferenceSdkDoes() {
        assertThat(RetryPolicy.classify(200)).isEqualTo(RetryPolicy.Verdict.SUCCESS);
        assertThat(RetryPolicy.classify(204)).isEqualTo(RetryPolicy.Verdict.SUCCESS);
        assertThat(RetryPolicy.classify(429)).isEqualTo(RetryPolicy.Verdict.RETRY);
        assertThat(RetryPolicy.classify(408)).isEqualTo(RetryPolicy.Verdict.RETRY);
        assertThat(RetryPolicy.classify(500)).isEqualTo(RetryPolicy.Verdict.RETRY);
        assertThat(RetryPolicy.classify(503)).isEqualTo(RetryPolicy.Verdict.RETRY);
        assertThat(RetryPolicy.classify(401)).isEqualTo(RetryPolicy.Verdict.UNAUTHORIZED);
        assertThat(RetryPolicy.classify(403)).isEqualTo(RetryPolicy.Verdict.UNAUTHORIZED);
        assertThat(RetryPolicy.classify(400)).isEqualTo(RetryPolicy.Verdict.REJECTED);
        assertThat(RetryPolicy.classify(404)).isEqualTo(RetryPolicy.Verdict.REJECTED);
        assertThat(RetryPolicy.classify(302)).isEqualTo(RetryPolicy.Verdict.REJECTED);
    }

    @Test
    void allowsThreeRetriesAfterTheFirstAttempt() {
        assertThat(policy.mayRetry(1)).isTrue();
        assertThat(policy.mayRetry(3)).isTrue();
        assertThat(policy.mayRetry(4)).isFalse();
    }

    @Test
    void backsOffExponentiallyFromOneSecondWithTwentyPercentJitter() {
        for (int i = 0; i < 200; i++) {
            assertThat(Duration.ofNanos(policy.backoffNanos(1)))
                    .isBetween(Duration.ofMillis(800), Duration.ofMillis(1200));
            assertThat(Duration.ofNanos(policy.backoffNanos(2)))
                    .isBetween(Duration.ofMillis(1600), Duration.ofMillis(2400));
            assertThat(Duration.ofNanos(policy.backoffNanos(3)))
                    .isBetween(Duration.ofMillis(3200), Duration.ofMillis(4800));
        }
        assertThat(policy.backoffNanos(40)).isEqualTo(Duration.ofSeconds(30).toNanos());
    }

    @Test
    void readsRetryAfterInSecondsAndCapsIt() {
        assertThat(policy.retryAfterNanos(retryAfter("1"), 1, 0))
                .isEqualTo(Duration.ofSeconds(1).toNanos());
        assertThat(policy.retryAfterNanos(retryAfter("0"), 1, 0)).isZero();
        assertThat(policy.retryAfterNanos(retryAfter("3600"), 1, 0))
                .isEqualTo(Duration.ofSeconds(30).toNanos());
    }

    @Test
    void readsRetryAfterAsAnHttpDate() {
        Instant now = Instant.parse("2026-11-25T11:30:00Z");
        String in5s =
                DateTimeFormatter.RFC_1123_DATE_TIME.format(now.plusSeconds(5).atZone(ZoneOffset.UTC));
        String past =
                DateTimeFormatter.RFC_1123_DATE_TIME.format(now.minusSeconds(5).atZone(ZoneOffset.UTC));
        assertThat(policy.retryAfterNanos(retryAfter(in5s), 1, now.toEpochMilli()))
                .isEqualTo(Duration.ofSeconds(5).toNanos());
        assertThat(policy.retryAfterNanos(retryAfter(past), 1, now.toEpochMilli()))
                .isZero();
        assertThat(RetryPolicy.parseRetryAfter("Wed, 25 Nov 2026 11:30:07 GMT", now.toEpochMilli()))
                .isEqualTo(Duration.ofSeconds(7).toNanos());
    }

    @Test
    void fallsBackToTheBackoffWhenRetryAfterIsMissingOrUnreadable() {
        for (String h : new String[] {retryAfter("soon"), retryAfter("-3"), null}) {
            assertThat(Duration.ofNanos(policy.retryAfterNanos(h, 1, 0)))
                    .isBetween(Duration.ofMillis(800), Duration.ofMillis(1200));
        }
    }

    @Test
    void waitsWhatA429AsksForAndBacksOffForOtherRetryableAnswers() {
        assertThat(policy.waitBeforeRetry(new Answer(429, "", "2"), 1, 0))
                .isEqualTo(Duration.ofSeconds(2).toNanos());
        assertThat(Duration.ofNanos(policy.waitBeforeRetry(new Answer(503, "", "2"), 2, 0)))
                .as("Retry-After on a 503 is not a rate limit: the backoff applies")
                .isBetween(Duration.ofMillis(1600), Duration.ofMillis(2400));
        assertThat(RetryPolicy.pausesEverything(429)).isTrue();
        assertThat(RetryPolicy.pausesEverything(503)).isFalse();
    }
}
