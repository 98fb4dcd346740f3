package ai.oceum.devserver;

import ai.oceum.testing.LoopbackHttpServer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A target API on 127.0.0.1 for vault proxy tests: it records the Authorization header and the
 * query it received, and echoes both back in its body and a response header, the worst case
 * for leaking the secret back to the agent.
 */
final class EchoTarget implements AutoCloseable {
    final AtomicReference<String> lastAuthorization = new AtomicReference<>();
    final AtomicReference<String> lastQuery = new AtomicReference<>();
    final AtomicReference<String> lastBody = new AtomicReference<>();
    final AtomicInteger hits = new AtomicInteger();
    private final LoopbackHttpServer server;

    EchoTarget() {
        server = LoopbackHttpServer.start("echo-target", ex -> {
            hits.incrementAndGet();
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            lastAuthorization.set(auth);
            lastQuery.set(ex.getRequestURI().getRawQuery());
            lastBody.set(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] body = ("{\"youSent\":\"" + auth + "\",\"query\":\""
                            + ex.getRequestURI().getRawQuery() + "\",\"charge\":\"ch_1\"}")
                    .getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.getResponseHeaders().set("X-Echo-Auth", String.valueOf(auth));
            ex.sendResponseHeaders(201, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
    }

    String url(String path) {
        return server.url(path);
    }

    @Override
    public void close() {
        server.close();
    }
}
