package ai.oceum.internal.transport;

import java.io.IOException;
import java.net.URI;
import java.util.concurrent.CompletableFuture;

/**
 * What delivery needs from the wire: send a webhook event in the background (telemetry) or on
 * the caller's thread (memory reads, the vault), and stop. {@link HttpTransport} is the one
 * implementation; the delivery state machines are tested against a fake.
 *
 * <p>Implementations are thread-safe; {@link #post} never blocks and its future always completes
 * (with the answer, the failure, or an {@link AbortedException} once {@link #abortSending} ran).
 */
public interface Transport {
    /** Where every event goes, relative to the base URL. */
    String WEBHOOK_PATH = "/api/webhook";

    /** {@code baseUrl + pathAndQuery}; the path starts with '/'. Never holds the key or user info. */
    URI uri(String pathAndQuery);

    /** Sends a telemetry event in the background; {@code idempotencyKey} goes with every attempt. */
    CompletableFuture<Answer> post(String path, byte[] body, String idempotencyKey);

    /** Sends a POST on the caller's thread (a request/response call). */
    Answer postNow(String path, byte[] body, String idempotencyKey) throws IOException, InterruptedException;

    /** Sends a GET on the caller's thread (a read). */
    Answer getNow(String pathAndQuery) throws IOException, InterruptedException;

    /**
     * Stops telemetry: no new send starts, and those waiting for an answer complete at once with an
     * {@link AbortedException} (not acknowledged). Request/response calls run on.
     */
    void abortSending();

    /** Releases threads and connections; later calls fail with an {@link AbortedException}. */
    void close();
}
