package ai.oceum.bench.support;

import ai.oceum.Oceum;
import ai.oceum.OceumBuilder;

/** Builders of the clients under measurement: no environment, no shutdown hook, loopback only. */
public final class BenchClients {
    private BenchClients() {}

    /** A builder for {@code baseUrl} with the SDK's defaults apart from the environment and hook. */
    public static OceumBuilder builder(String baseUrl) {
        return Oceum.builder()
                .readEnvironment(false)
                .apiKey("bench-key")
                .agentId("bench-agent")
                .baseUrl(baseUrl)
                .shutdownHook(false);
    }
}
