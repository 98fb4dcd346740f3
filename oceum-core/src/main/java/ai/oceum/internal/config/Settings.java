package ai.oceum.internal.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A client's resolved, validated settings. {@link #toString()} never shows the API key.
 */
public record Settings(
        String apiKey,
        String agentId,
        URI baseUrl,
        Duration connectTimeout,
        Duration requestTimeout,
        int queueCapacity,
        int maxInFlight,
        int maxRetries,
        Duration retryInitialDelay,
        Duration retryMaxDelay,
        Path spoolDir,
        long spoolMaxBytes,
        boolean shutdownHook,
        Duration closeTimeout,
        Duration heartbeatInterval) {

    @Override
    public String toString() {
        return "Settings{agentId=" + agentId + ", baseUrl=" + baseUrl + ", apiKey=" + redact(apiKey)
                + ", queueCapacity=" + queueCapacity + ", maxInFlight=" + maxInFlight + ", maxRetries=" + maxRetries
                + ", spoolDir=" + spoolDir + '}';
    }

    /** A key shown as its first 3 characters and its length: enough to tell two keys apart, no more. */
    public static String redact(String key) {
        if (key == null) {
            return "none";
        }
        return (key.length() > 8 ? key.substring(0, 3) : "") + "…(" + key.length() + " chars)";
    }
}
