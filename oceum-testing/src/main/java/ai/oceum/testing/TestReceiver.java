package ai.oceum.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * A real HTTP receiver on 127.0.0.1 standing in for Oceum in tests: records every request and
 * answers from a script, so that a test asserts what its agent reported (which events, in which
 * order, with which data) without a network or an Oceum account.
 *
 * <p>Replies are taken first from the queue filled by {@link #enqueue(Reply...)}, then from the
 * {@link #respondWith(Function) handler} (default: {@code 200 {"ok":true}}). Each request is
 * handled on its own thread, so a slow reply never holds up the next request.
 *
 * <pre>{@code
 * try (TestReceiver receiver = TestReceiver.start()) {
 *     receiver.enqueue(Reply.status(500), Reply.status(500));
 *     try (Oceum oceum = TestClients.builder(receiver, "my-agent").build()) {
 *         oceum.heartbeat();
 *         receiver.awaitEvents("heartbeat", 1, Duration.ofSeconds(10));
 *     }
 * }
 * }</pre>
 *
 * <p>Thread safety: every method may be called from any thread while requests arrive; each request
 * is handled on its own server thread.
 */
public final class TestReceiver implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final LoopbackHttpServer server;
    private final List<Recorded> requests = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedQueue<Reply> script = new ConcurrentLinkedQueue<>();
    private volatile Function<Recorded, Reply> handler = request -> Reply.ok();
    private final AtomicInteger counter = new AtomicInteger();

    private TestReceiver(LoopbackHttpServer.Builder server) {
        this.server = server.handle("/", this::handle).start();
    }

    /** Starts a receiver on 127.0.0.1 on a free port. */
    public static TestReceiver start() {
        return new TestReceiver(LoopbackHttpServer.builder("test-receiver"));
    }

    /** {@code http://127.0.0.1:<port>}, to be used as the client's base URL. */
    public String baseUrl() {
        return server.baseUrl();
    }

    /** The port this receiver listens on. */
    public int port() {
        return server.port();
    }

    /** Replies used, in order, for the next requests before the handler is asked again. */
    public TestReceiver enqueue(Reply... replies) {
        script.addAll(List.of(replies));
        return this;
    }

    /** Sets the reply for every request not answered by the script; the argument is the request number from 1. */
    public TestReceiver respondWith(Function<Recorded, Reply> handler) {
        this.handler = Objects.requireNonNull(handler);
        return this;
    }

    /** Every request received so far, in arrival order. */
    public List<Recorded> requests() {
        return List.copyOf(requests);
    }

    /** Every webhook event (POST /api/webhook) whose {@code event} field is {@code type}. */
    public List<Recorded> events(String type) {
        return requests(r -> r.isWebhook() && type.equals(r.eventType()));
    }

    /** Every webhook request received so far. */
    public List<Recorded> webhookRequests() {
        return requests(Recorded::isWebhook);
    }

    /** The requests matching {@code filter}. */
    public List<Recorded> requests(Predicate<Recorded> filter) {
        return requests.stream().filter(filter).collect(Collectors.toList());
    }

    /** Distinct event ids ({@code Idempotency-Key}) of webhook requests answered with 2xx. */
    public List<String> deliveredEventIds() {
        return requests.stream()
                .filter(r -> r.isWebhook() && r.status() / 100 == 2)
                .map(Recorded::eventId)
                .distinct()
                .collect(Collectors.toList());
    }

    /** Waits until at least {@code count} events of {@code type} arrived; returns them all. */
    public List<Recorded> awaitEvents(String type, int count, Duration timeout) {
        return awaitRequests(r -> r.isWebhook() && type.equals(r.eventType()), count, timeout);
    }

    /** Waits until at least {@code count} requests match; fails with what did arrive otherwise. */
    public List<Recorded> awaitRequests(Predicate<Recorded> filter, int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<Recorded> matching = requests(filter);
            if (matching.size() >= count) {
                return matching;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("expected " + count + " matching requests within " + timeout + " but got "
                        + matching.size() + "; all requests: " + describe());
            }
            synchronized (requests) {
                try {
                    requests.wait(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted", e);
                }
            }
        }
    }

    /** Forgets every recorded request and scripted reply. */
    public void reset() {
        requests.clear();
        script.clear();
        handler = request -> Reply.ok();
    }

    private String describe() {
        return requests.stream()
                .map(r -> r.method() + " " + r.path() + " " + r.eventType() + " -> " + r.status())
                .collect(Collectors.joining(", ", "[", "]"));
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        int number = counter.incrementAndGet();
        Recorded request = Recorded.of(number, exchange, new String(body, StandardCharsets.UTF_8));
        Reply reply = script.poll();
        if (reply == null) {
            reply = handler.apply(request);
        }
        Recorded answered = request.withStatus(reply.status);
        requests.add(answered);
        synchronized (requests) {
            requests.notifyAll();
        }
        reply.send(exchange);
    }

    /** Stops the server and its threads; replies still being sent are cut off. */
    @Override
    public void close() {
        server.close();
    }

    /** One scripted answer; immutable. */
    public static final class Reply {
        private final int status;
        private final String body;
        private final Map<String, String> headers;
        private final Duration delay;

        private Reply(int status, String body, Map<String, String> headers, Duration delay) {
            this.status = status;
            this.body = body;
            this.headers = headers;
            this.delay = delay;
        }

        /** {@code 200 {"ok":true}}. */
        public static Reply ok() {
            return json(200, "{\"ok\":true}");
        }

        /** A status with a small JSON error body. */
        public static Reply status(int status) {
            return json(status, status / 100 == 2 ? "{\"ok\":true}" : "{\"error\":\"status " + status + "\"}");
        }

        /** A status with the given JSON body. */
        public static Reply json(int status, String body) {
            return new Reply(status, body, Map.of("Content-Type", "application/json"), Duration.ZERO);
        }

        /** 429 with the given {@code Retry-After} value (seconds or an HTTP date). */
        public static Reply tooManyRequests(String retryAfter) {
            return new Reply(
                    429,
                    "{\"error\":\"rate limited\"}",
                    Map.of("Content-Type", "application/json", "Retry-After", retryAfter),
                    Duration.ZERO);
        }

        /** Closes the connection without any answer, as a crashed or reset server would. */
        public static Reply disconnect() {
            return new Reply(-1, null, Map.of(), Duration.ZERO);
        }

        /** This reply, sent only after {@code delay}. */
        public Reply after(Duration delay) {
            return new Reply(status, body, headers, delay);
        }

        /** The status this reply sends; -1 for {@link #disconnect()}. */
        public int status() {
            return status;
        }

        void send(HttpExchange exchange) throws IOException {
            try {
                if (!delay.isZero()) {
                    Thread.sleep(delay.toMillis()); // simulates a slow server; the client is what is timed
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (status < 0) {
                exchange.close(); // no headers sent: the JDK server drops the connection
                return;
            }
            byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            headers.forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            try {
                exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
                if (bytes.length > 0) {
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(bytes);
                    }
                }
            } catch (IOException clientWentAway) {
                // The client timed out first; that is what a slow-server test wants.
            } finally {
                exchange.close();
            }
        }
    }

    /** One received request; immutable. Header names are lower-case. */
    public record Recorded(
            int number,
            String method,
            String path,
            String query,
            Map<String, List<String>> headers,
            String body,
            Instant receivedAt,
            int status) {

        static Recorded of(int number, HttpExchange exchange, String body) {
            Map<String, List<String>> headers = exchange.getRequestHeaders().entrySet().stream()
                    .collect(Collectors.toUnmodifiableMap(
                            e -> e.getKey().toLowerCase(Locale.ROOT), e -> List.copyOf(e.getValue()), (a, b) -> {
                                List<String> all = new ArrayList<>(a);
                                all.addAll(b);
                                return List.copyOf(all);
                            }));
            return new Recorded(
                    number,
                    exchange.getRequestMethod(),
                    exchange.getRequestURI().getPath(),
                    exchange.getRequestURI().getRawQuery(),
                    headers,
                    body,
                    Instant.now(),
                    0);
        }

        Recorded withStatus(int status) {
            return new Recorded(number, method, path, query, headers, body, receivedAt, status);
        }

        /** The first value of a header (case-insensitive), or null. */
        public String header(String name) {
            List<String> values = headers.getOrDefault(name.toLowerCase(Locale.ROOT), Collections.emptyList());
            return values.isEmpty() ? null : values.get(0);
        }

        /** True for {@code POST /api/webhook}. */
        public boolean isWebhook() {
            return "POST".equals(method) && "/api/webhook".equals(path);
        }

        /** The parsed body; fails the test if it is not JSON. */
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("body is not valid JSON: " + body, e);
            }
        }

        /** The envelope's {@code event} field, or null when the body is not a JSON object. */
        public String eventType() {
            try {
                JsonNode node = JSON.readTree(body);
                return node != null && node.hasNonNull("event")
                        ? node.get("event").asText()
                        : null;
            } catch (IOException e) {
                return null;
            }
        }

        /** The envelope's {@code data} object. */
        public JsonNode data() {
            return json().path("data");
        }

        /** The {@code Idempotency-Key} header. */
        public String eventId() {
            return header("Idempotency-Key");
        }
    }
}
