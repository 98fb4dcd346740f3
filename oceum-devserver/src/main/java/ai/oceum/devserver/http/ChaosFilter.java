package ai.oceum.devserver.http;

import ai.oceum.devserver.ChaosSpec;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Fault injection in front of the API: adds the configured latency, then answers a share of
 * requests with the configured error status before anything is read or stored, so the SDK
 * retries them ({@code 429} carries {@code Retry-After: 1}).
 */
public final class ChaosFilter extends Filter {
    private final ChaosSpec chaos;
    private final ObjectMapper mapper;

    /** A filter injecting {@code chaos}. */
    public ChaosFilter(ChaosSpec chaos, ObjectMapper mapper) {
        this.chaos = chaos;
        this.mapper = mapper;
    }

    @Override
    public void doFilter(HttpExchange ex, Chain chain) throws IOException {
        if (!chaos.latency().isZero()) {
            try {
                Thread.sleep(chaos.latency().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        int status = chaos.pickStatus(ThreadLocalRandom.current());
        if (status == 0) {
            chain.doFilter(ex);
            return;
        }
        try (ex) {
            ex.getRequestBody().readAllBytes();
            if (status == 429) {
                ex.getResponseHeaders().set("Retry-After", "1");
            }
            HttpIo.json(
                    ex,
                    status,
                    mapper.writeValueAsString(Map.of(
                            "ok",
                            false,
                            "error",
                            "chaos: injected " + status + " (--chaos " + chaos + ")",
                            "chaos",
                            true)));
        }
    }

    @Override
    public String description() {
        return "chaos " + chaos;
    }
}
