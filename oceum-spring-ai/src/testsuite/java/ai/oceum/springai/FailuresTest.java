package ai.oceum.springai;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** HTTP status and timeouts read from a failure's cause chain, whoever threw it. */
class FailuresTest {
    /** Like the OpenAI Java SDK's exceptions (Spring AI 2.0). */
    public static class SdkStyleException extends RuntimeException {
        public SdkStyleException(String message) {
            super(message);
        }

        public int statusCode() {
            return 429;
        }
    }

    /** Like Spring's {@code HttpStatusCode}. */
    public interface StatusCode {
        int value();
    }

    /** Like Spring's {@code RestClientResponseException} (Spring AI 1.1 streams). */
    public static class SpringStyleException extends RuntimeException {
        public SpringStyleException(String message) {
            super(message);
        }

        public StatusCode getStatusCode() {
            return () -> 503;
        }
    }

    private static Map<String, Object> describe(Throwable t) {
        Map<String, Object> meta = new LinkedHashMap<>();
        Failures.describe(t, meta);
        return meta;
    }

    @Test
    void readsTheStatusFromAnyLevelOfTheCauseChain() {
        assertThat(describe(new RuntimeException("wrapped", new SdkStyleException("rate limited"))))
                .containsEntry("httpStatus", 429)
                .doesNotContainKey("timeout");
        assertThat(describe(new CompletionException(new SpringStyleException("unavailable"))))
                .containsEntry("httpStatus", 503);
        assertThat(describe(new IllegalStateException("no status here"))).isEmpty();
    }

    @Test
    void recognisesTimeoutsOfTheJdkOkHttpAndOthers() {
        assertThat(describe(new RuntimeException(new SocketTimeoutException("Read timed out"))))
                .containsEntry("timeout", true);
        assertThat(describe(new RuntimeException(new InterruptedIOException("timeout"))))
                .containsEntry("timeout", true);
        assertThat(describe(new java.net.http.HttpTimeoutException("request timed out")))
                .containsEntry("timeout", true);
        assertThat(describe(new InterruptedIOException("interrupted"))).doesNotContainKey("timeout");
    }

    @Test
    void unwrapsCompletionExceptions() {
        IllegalStateException cause = new IllegalStateException("real");
        assertThat(Failures.unwrap(new CompletionException(cause))).isSameAs(cause);
        assertThat(Failures.unwrap(cause)).isSameAs(cause);
    }

    @Test
    void survivesACauseCycle() {
        RuntimeException a = new RuntimeException("a");
        RuntimeException b = new RuntimeException("b", a);
        a.initCause(b);
        assertThat(describe(a)).isEmpty();
    }
}
