package ai.oceum.testing;

import ai.oceum.Oceum;
import ai.oceum.OceumBuilder;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Builders of clients for tests: no environment read, no shutdown hook, and retry waits short
 * enough that a test of the retry rules runs in milliseconds instead of seconds.
 *
 * <p>Thread safety: every method may be called from any thread; each builder it returns is new
 * and belongs to the caller.
 */
public final class TestClients {
    /** The API key every test client uses; tests assert it never shows up in logs or messages. */
    public static final String API_KEY = "oc_test_7f3a9c2e5b1d4f60a8e2";

    private static final AtomicInteger AGENTS = new AtomicInteger();

    private TestClients() {}

    /** An agent id unique in this JVM, so that thread names and logs of one test are told apart. */
    public static String agentId(String prefix) {
        return prefix + "-" + AGENTS.incrementAndGet();
    }

    /**
     * A builder for {@code baseUrl}: retries after 20 ms (doubling, at most 2 s per wait), 2 s
     * request timeout, 5 s close timeout.
     */
    public static OceumBuilder builder(String baseUrl, String agentId) {
        return Oceum.builder()
                .readEnvironment(false)
                .apiKey(API_KEY)
                .agentId(agentId)
                .baseUrl(baseUrl)
                .shutdownHook(false)
                .retryInitialDelay(Duration.ofMillis(20))
                .retryMaxDelay(Duration.ofSeconds(2))
                .connectTimeout(Duration.ofSeconds(2))
                .requestTimeout(Duration.ofSeconds(2))
                .closeTimeout(Duration.ofSeconds(5));
    }

    /** A builder for the receiver (see {@link #builder(String, String)}). */
    public static OceumBuilder builder(TestReceiver receiver, String agentId) {
        return builder(receiver.baseUrl(), agentId);
    }

    /** {@code http://127.0.0.1:<port>} of a port that nothing listens on (connections are refused). */
    public static String closedPortUrl() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return "http://127.0.0.1:" + s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
