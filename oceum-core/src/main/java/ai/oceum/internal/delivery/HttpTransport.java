package ai.oceum.internal.delivery;

import ai.oceum.internal.config.Settings;
import ai.oceum.internal.util.Version;
import java.lang.reflect.Method;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * The one HTTP client of an Oceum client: JDK {@link HttpClient}, HTTP/1.1 with keep-alive
 * (plain {@code http://} receivers on loopback would otherwise be asked for an h2c upgrade), no
 * redirects (a redirect would carry the key to another host), and the SDK's headers.
 */
public final class HttpTransport {
    private final HttpClient client;
    private final Settings settings;
    private final String authorization;
    private final Executor executor;

    public HttpTransport(Settings settings, Executor executor) {
        this.settings = settings;
        this.executor = executor;
        this.authorization = "Bearer " + settings.apiKey();
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(executor)
                .build();
    }

    /** {@code baseUrl + path}; the path starts with '/'. */
    public URI uri(String pathAndQuery) {
        return URI.create(settings.baseUrl().toString() + pathAndQuery);
    }

    /** A POST of a JSON body with the SDK's headers. */
    public HttpRequest post(String path, byte[] body, String idempotencyKey) {
        HttpRequest.Builder b = base(uri(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (idempotencyKey != null) {
            b.header("Idempotency-Key", idempotencyKey);
        }
        return b.build();
    }

    /** A GET with the SDK's headers. */
    public HttpRequest get(String pathAndQuery) {
        return base(uri(pathAndQuery)).GET().build();
    }

    private HttpRequest.Builder base(URI uri) {
        return HttpRequest.newBuilder(uri)
                .timeout(settings.requestTimeout())
                .header("Authorization", authorization)
                .header("Accept", "application/json")
                .header("User-Agent", Version.userAgent());
    }

    /**
     * Sends on one of the SDK's own threads with the blocking {@code send}. Why not
     * {@code HttpClient.sendAsync}: on JDK 17 it completes every answer on CompletableFuture's
     * default executor, and on a machine with 2 CPUs or fewer (common-pool parallelism 1) that
     * starts a new thread per answer — measured as 4–7× fewer events delivered during a flood
     * (docs/benchmarks.md). {@code send} takes no such hop; the dispatcher bounds how many run.
     */
    public CompletableFuture<HttpResponse<String>> sendAsync(HttpRequest request) {
        CompletableFuture<HttpResponse<String>> answer = new CompletableFuture<>();
        try {
            executor.execute(() -> {
                try {
                    answer.complete(client.send(request, HttpResponse.BodyHandlers.ofString()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    answer.completeExceptionally(e);
                } catch (Throwable t) {
                    answer.completeExceptionally(t);
                }
            });
        } catch (RejectedExecutionException closed) {
            answer.completeExceptionally(closed);
        }
        return answer;
    }

    public HttpResponse<String> send(HttpRequest request) throws java.io.IOException, InterruptedException {
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Releases the client's threads and connections. Java 21 added {@code shutdownNow()}; on 17
     * the client's selector thread ends when the client is collected.
     */
    public void close() {
        try {
            Method m = HttpClient.class.getMethod("shutdownNow");
            m.invoke(client);
        } catch (ReflectiveOperationException | RuntimeException notOnThisJdk) {
            // Java 17: nothing to call.
        }
    }
}
