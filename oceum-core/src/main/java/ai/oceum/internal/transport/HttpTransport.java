package ai.oceum.internal.transport;

import ai.oceum.internal.config.Settings;
import ai.oceum.internal.util.ReporterThreads;
import ai.oceum.internal.util.Version;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The one HTTP client of an Oceum client: JDK {@link HttpClient}, HTTP/1.1 with keep-alive
 * (plain {@code http://} receivers on loopback would otherwise be asked for an h2c upgrade), no
 * redirects (a redirect would carry the key to another host), and the SDK's headers.
 *
 * <p>Life cycle: two thread pools, both the SDK's own daemon threads. {@code senders} runs the
 * blocking sends of telemetry; {@code io} is the {@code HttpClient}'s executor, which every
 * running exchange needs to complete (and its timeouts to fire), so it is shut down only once no
 * exchange runs any more. At close, {@link #abortSending()} interrupts the telemetry sends still
 * waiting for an answer (the JDK then cancels their exchange): each completes at once with an
 * {@link AbortedException}, so that nothing parks forever.
 *
 * <p>Thread-safe.
 */
public final class HttpTransport implements Transport {
    private final HttpClient client;
    private final Settings settings;
    private final URI webhookUri;
    private final String authorization;
    private final ThreadPoolExecutor senders;
    private final ThreadPoolExecutor io;
    private final Object lock = new Object();
    /** Threads inside {@code client.send} for telemetry: the ones {@link #abortSending()} may interrupt. */
    private final Set<Thread> sending = new HashSet<>();

    private int exchanges;
    private boolean aborting;
    private boolean closed;

    public HttpTransport(Settings settings) {
        this.settings = settings;
        this.webhookUri = URI.create(settings.baseUrl().toString() + WEBHOOK_PATH);
        this.authorization = "Bearer " + settings.apiKey();
        this.senders = pool("http", settings.agentId());
        this.io = pool("io", settings.agentId());
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(io)
                .build();
    }

    /** A cached pool of daemon threads; idle threads end after a minute, or at once after shutdown. */
    private static ThreadPoolExecutor pool(String role, String agentId) {
        return new ThreadPoolExecutor(
                0,
                Integer.MAX_VALUE,
                60,
                TimeUnit.SECONDS,
                new SynchronousQueue<>(),
                ReporterThreads.factory(role, agentId));
    }

    @Override
    public URI uri(String pathAndQuery) {
        if (WEBHOOK_PATH.equals(pathAndQuery)) {
            return webhookUri; // one per client: every event is posted there
        }
        return URI.create(settings.baseUrl().toString() + pathAndQuery);
    }

    @Override
    public CompletableFuture<Answer> post(String path, byte[] body, String idempotencyKey) {
        return sendAsync(request(path, body, idempotencyKey));
    }

    @Override
    public Answer postNow(String path, byte[] body, String idempotencyKey) throws IOException, InterruptedException {
        return send(request(path, body, idempotencyKey));
    }

    @Override
    public Answer getNow(String pathAndQuery) throws IOException, InterruptedException {
        return send(base(uri(pathAndQuery)).GET().build());
    }

    /** A POST of a JSON body with the SDK's headers. */
    private HttpRequest request(String path, byte[] body, String idempotencyKey) {
        HttpRequest.Builder b = base(uri(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (idempotencyKey != null) {
            b.header("Idempotency-Key", idempotencyKey);
        }
        return b.build();
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
     * The returned future always completes: with the answer, the failure, or an
     * {@link AbortedException} once {@link #abortSending()} ran.
     */
    private CompletableFuture<Answer> sendAsync(HttpRequest request) {
        CompletableFuture<Answer> answer = new CompletableFuture<>();
        try {
            senders.execute(() -> exchange(request, answer));
        } catch (RejectedExecutionException closedAlready) {
            answer.completeExceptionally(new AbortedException());
        }
        return answer;
    }

    private void exchange(HttpRequest request, CompletableFuture<Answer> answer) {
        if (!begin(true)) {
            answer.completeExceptionally(new AbortedException());
            return;
        }
        HttpResponse<String> response = null;
        Throwable failure = null;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException abortedAtClose) {
            failure = new AbortedException(); // only abortSending() interrupts these threads
        } catch (Throwable t) {
            failure = t;
        } finally {
            end(true);
        }
        // Completed with the interrupt status cleared: the answer is handled on this thread, and
        // an interrupt would close the spool's file channels under it.
        if (failure != null) {
            answer.completeExceptionally(failure);
        } else {
            answer.complete(answerOf(response));
        }
    }

    private static Answer answerOf(HttpResponse<String> response) {
        return new Answer(
                response.statusCode(),
                response.body(),
                response.headers().firstValue("Retry-After").orElse(null));
    }

    /** Sends on the caller's thread (memory reads, the vault). */
    private Answer send(HttpRequest request) throws IOException, InterruptedException {
        if (!begin(false)) {
            throw new AbortedException();
        }
        try {
            return answerOf(client.send(request, HttpResponse.BodyHandlers.ofString()));
        } finally {
            end(false);
        }
    }

    private boolean begin(boolean telemetry) {
        synchronized (lock) {
            if (closed || (telemetry && aborting)) {
                return false;
            }
            exchanges++;
            if (telemetry) {
                sending.add(Thread.currentThread());
            }
            return true;
        }
    }

    private void end(boolean telemetry) {
        boolean last;
        synchronized (lock) {
            if (telemetry) {
                sending.remove(Thread.currentThread());
            }
            exchanges--;
            last = closed && exchanges == 0;
        }
        if (telemetry) {
            Thread.interrupted(); // an abort that came just as the answer did: the answer counts
        }
        if (last) {
            shutdownClient();
        }
    }

    /**
     * Stops telemetry: no new send starts, and those waiting for an answer are interrupted, so
     * that each completes at once (not acknowledged). Request/response calls run on.
     */
    @Override
    public void abortSending() {
        synchronized (lock) {
            aborting = true;
            for (Thread t : sending) {
                t.interrupt();
            }
        }
    }

    /**
     * Releases the threads and connections: the sender pool at once (its threads end when idle),
     * the client's executor once the last exchange ended, never under a running one.
     */
    @Override
    public void close() {
        boolean idle;
        synchronized (lock) {
            aborting = true;
            closed = true;
            idle = exchanges == 0;
        }
        senders.shutdown();
        if (idle) {
            shutdownClient();
        }
    }

    /**
     * Java 21 added {@code HttpClient.shutdownNow()}; on 17 the client's selector thread (not one of
     * the SDK's) ends when the client is collected.
     */
    private void shutdownClient() {
        io.shutdown();
        try {
            Method m = HttpClient.class.getMethod("shutdownNow");
            m.invoke(client);
        } catch (ReflectiveOperationException | RuntimeException notOnThisJdk) {
            // Java 17: nothing to call.
        }
    }
}
