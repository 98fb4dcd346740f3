package ai.oceum.reliability;

import ai.oceum.Oceum;
import ai.oceum.OceumBuilder;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The client options every row uses. Retry delays are short so that the CI version stays quick;
 * the matrix shows what the delivery machinery does, and the delays only stretch it in time.
 */
final class Clients {
    static final Duration RETRY_INITIAL = Duration.ofMillis(10);
    static final Duration RETRY_MAX = Duration.ofMillis(100);
    static final int MAX_RETRIES = 3;
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(1);
    static final Duration CONNECT_TIMEOUT = Duration.ofMillis(500);

    private Clients() {}

    /** A builder for {@code baseUrl}, spooling to {@code spoolDir} when it is not null. */
    static OceumBuilder builder(String baseUrl, Path spoolDir) {
        OceumBuilder b = Oceum.builder()
                .readEnvironment(false)
                .apiKey("reliability-key")
                .agentId("fault-matrix")
                .baseUrl(baseUrl)
                .shutdownHook(false)
                .connectTimeout(CONNECT_TIMEOUT)
                .requestTimeout(REQUEST_TIMEOUT)
                .maxRetries(MAX_RETRIES)
                .retryInitialDelay(RETRY_INITIAL)
                .retryMaxDelay(RETRY_MAX);
        return spoolDir == null ? b : b.spoolDir(spoolDir);
    }

    /** The options above, for the report's header. */
    static String describe() {
        return "maxRetries " + MAX_RETRIES + ", retryInitialDelay " + RETRY_INITIAL.toMillis() + " ms, retryMaxDelay "
                + RETRY_MAX.toMillis() + " ms, requestTimeout " + REQUEST_TIMEOUT.toMillis() + " ms (slow row: "
                + Faults.SLOW_TIMEOUT.toMillis() + " ms), connectTimeout " + CONNECT_TIMEOUT.toMillis()
                + " ms, maxInFlight and queueCapacity at their defaults";
    }
}
