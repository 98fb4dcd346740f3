package ai.oceum.reliability;

import ai.oceum.testing.LoopbackHttpServer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A receiver on 127.0.0.1 that checks every body's raw bytes: strict UTF-8 (no malformed or
 * unpaired sequences), one JSON object with an {@code event} and a {@code data} object. The shared
 * {@code TestReceiver} decodes bodies to strings, replacing bad bytes, so it cannot see what this
 * check is about.
 */
final class RawBodySink implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AtomicInteger valid = new AtomicInteger();
    private final List<String> problems = new CopyOnWriteArrayList<>();
    private final LoopbackHttpServer server;

    private RawBodySink() {
        this.server = LoopbackHttpServer.builder("raw-body-sink")
                .threads(4)
                .handle("/", this::handle)
                .start();
    }

    static RawBodySink start() {
        return new RawBodySink();
    }

    String baseUrl() {
        return server.baseUrl();
    }

    /** Bodies that passed every check. */
    int valid() {
        return valid.get();
    }

    /** What was wrong with the bodies that did not (empty when all were fine). */
    List<String> problems() {
        return List.copyOf(problems);
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        String problem = check(body);
        if (problem == null) {
            valid.incrementAndGet();
        } else {
            problems.add(problem);
        }
        byte[] answer = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, answer.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(answer);
        }
    }

    /** Null when the body is valid, else what is wrong with it (with its start). */
    static String check(byte[] body) {
        String start = new String(body, 0, Math.min(body.length, 300), StandardCharsets.UTF_8);
        try {
            StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body));
        } catch (CharacterCodingException e) {
            return "not UTF-8 (" + e + "): " + start;
        }
        try {
            JsonNode node = JSON.readTree(body);
            if (node == null
                    || !node.isObject()
                    || !node.path("event").isTextual()
                    || !node.path("data").isObject()) {
                return "not an event envelope: " + start;
            }
        } catch (IOException e) {
            return "not JSON (" + e.getMessage() + "): " + start;
        }
        return null;
    }

    @Override
    public void close() {
        server.close();
    }
}
