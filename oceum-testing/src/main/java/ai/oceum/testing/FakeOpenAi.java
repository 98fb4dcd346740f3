package ai.oceum.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A small OpenAI-compatible model server on 127.0.0.1, so that an agent built on LangChain4j or Spring
 * AI runs its real model classes offline and deterministically: {@code POST /chat/completions} (and
 * {@code /v1/chat/completions}) answers with scripted replies — JSON answers, tool calls,
 * server-sent-event streams with a usage chunk, error statuses, or an answer held back (for timeouts
 * and streams left open). Replies come from the queue first, then from the handler.
 *
 * <p>Point the model at it: LangChain4j's {@code OpenAiChatModel.builder().baseUrl(fake.baseUrl())},
 * Spring AI 1.1 {@code spring.ai.openai.base-url=} {@link #baseUrl()}, Spring AI 2.0
 * {@code baseUrl() + "/v1"}.
 *
 * <p>Thread safety: every method may be called from any thread while requests arrive; each request
 * is handled on its own server thread.
 */
public final class FakeOpenAi implements AutoCloseable {
    /** The model name every answer carries. */
    public static final String MODEL = "gpt-4o-mini-2024-07-18";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final LoopbackHttpServer server;
    private final ConcurrentLinkedQueue<Reply> script = new ConcurrentLinkedQueue<>();
    private final List<JsonNode> requests = new CopyOnWriteArrayList<>();
    /** Released by {@link #close()} so that held answers never keep a server thread past the test. */
    private final CountDownLatch closing = new CountDownLatch(1);

    private volatile Function<JsonNode, Reply> handler = request -> Reply.answer("default answer", 1, 1);

    private FakeOpenAi(LoopbackHttpServer.Builder server) {
        // Spring AI 1.1 adds /v1 to its base URL itself; LangChain4j and Spring AI 2.0 do not.
        this.server = server.handle("/chat/completions", this::handle)
                .handle("/v1/chat/completions", this::handle)
                .start();
    }

    /** Starts a server on 127.0.0.1 on a free port; its default answer is {@code "default answer"} (1 token in, 1 out). */
    public static FakeOpenAi start() {
        return new FakeOpenAi(LoopbackHttpServer.builder("fake-openai"));
    }

    /** The server's root, {@code http://127.0.0.1:<port>}, without {@code /v1}. */
    public String baseUrl() {
        return server.baseUrl();
    }

    /** Replies used, in order, for the next requests before the handler is asked again. */
    public FakeOpenAi enqueue(Reply... replies) {
        script.addAll(List.of(replies));
        return this;
    }

    /** Answers every request not answered by the queue; the argument is the parsed request body. */
    public FakeOpenAi respondWith(Function<JsonNode, Reply> handler) {
        this.handler = Objects.requireNonNull(handler, "handler");
        return this;
    }

    /** The request bodies received so far, in arrival order. */
    public List<JsonNode> requests() {
        return List.copyOf(requests);
    }

    private void handle(HttpExchange exchange) throws IOException {
        JsonNode body;
        try (InputStream in = exchange.getRequestBody()) {
            body = JSON.readTree(in);
        }
        requests.add(body);
        Reply reply = script.poll();
        if (reply == null) {
            reply = handler.apply(body);
        }
        reply.send(exchange, body, closing);
    }

    /** Releases held answers and stops the server and its threads. */
    @Override
    public void close() {
        closing.countDown();
        server.close();
    }

    /** The text of the last user message of a request, for handlers that answer by prompt. */
    public static String lastUserText(JsonNode request) {
        String text = "";
        for (JsonNode m : request.path("messages")) {
            if ("user".equals(m.path("role").asText())) {
                text = m.path("content").isTextual()
                        ? m.path("content").asText()
                        : m.path("content").toString();
            }
        }
        return text;
    }

    /** Whether a request carries a tool result (the model is asked again after tools ran). */
    public static boolean hasToolResult(JsonNode request) {
        for (JsonNode m : request.path("messages")) {
            if ("tool".equals(m.path("role").asText())) {
                return true;
            }
        }
        return false;
    }

    /**
     * One tool call asked for by the model; immutable.
     *
     * @param id            the call's id, which the tool result must name
     * @param name          the tool's name
     * @param argumentsJson the arguments, a JSON object as text
     */
    public record ToolCall(String id, String name, String argumentsJson) {}

    /** One scripted answer; immutable (every method returns a changed copy). */
    public static final class Reply {
        private final int status;
        private final String content;
        private final List<ToolCall> toolCalls;
        private final Integer tokensIn;
        private final Integer tokensOut;
        private final Duration delay;
        private final boolean usageOnlyWhenAsked;
        private Integer cachedTokens; // set only on a fresh copy, before it is shared

        private Reply(
                int status,
                String content,
                List<ToolCall> toolCalls,
                Integer in,
                Integer out,
                Duration delay,
                boolean usageOnlyWhenAsked) {
            this.status = status;
            this.content = content;
            this.toolCalls = toolCalls;
            this.tokensIn = in;
            this.tokensOut = out;
            this.delay = delay;
            this.usageOnlyWhenAsked = usageOnlyWhenAsked;
        }

        /** A final answer with usage (streamed, with a usage chunk, when the request asks for a stream). */
        public static Reply answer(String content, int tokensIn, int tokensOut) {
            return new Reply(200, content, List.of(), tokensIn, tokensOut, Duration.ZERO, false);
        }

        /** A final answer without any usage block. */
        public static Reply answerWithoutUsage(String content) {
            return new Reply(200, content, List.of(), null, null, Duration.ZERO, false);
        }

        /** The model asks for one tool call, with the id {@code call_1}. */
        public static Reply toolCall(String name, String argumentsJson, int tokensIn, int tokensOut) {
            return toolCalls(tokensIn, tokensOut, new ToolCall("call_1", name, argumentsJson));
        }

        /** The model asks for these tool calls. */
        public static Reply toolCalls(int tokensIn, int tokensOut, ToolCall... calls) {
            return new Reply(200, null, List.of(calls), tokensIn, tokensOut, Duration.ZERO, false);
        }

        /** An error status with an OpenAI-style error body. */
        public static Reply status(int status) {
            return new Reply(status, null, List.of(), null, null, Duration.ZERO, false);
        }

        /** The same reply, held back for {@code delay} (or until the server closes). */
        public Reply after(Duration delay) {
            Reply r = new Reply(status, content, toolCalls, tokensIn, tokensOut, delay, usageOnlyWhenAsked);
            r.cachedTokens = cachedTokens;
            return r;
        }

        /** The same reply, whose stream carries usage only when the request asks ({@code stream_options.include_usage}), as OpenAI does. */
        public Reply usageOnlyWhenAsked() {
            Reply r = new Reply(status, content, toolCalls, tokensIn, tokensOut, delay, true);
            r.cachedTokens = cachedTokens;
            return r;
        }

        /** The same reply, whose usage says this many prompt tokens came from the provider's cache. */
        public Reply cachedTokens(int cached) {
            Reply r = new Reply(status, content, toolCalls, tokensIn, tokensOut, delay, usageOnlyWhenAsked);
            r.cachedTokens = cached;
            return r;
        }

        void send(HttpExchange exchange, JsonNode request, CountDownLatch closing) throws IOException {
            try (exchange) {
                if (!delay.isZero()) {
                    try {
                        if (closing.await(delay.toMillis(), TimeUnit.MILLISECONDS)) {
                            return;
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
                boolean stream = request.path("stream").asBoolean(false);
                if (status != 200) {
                    write(
                            exchange,
                            status,
                            "application/json",
                            "{\"error\":{\"message\":\"the model server failed\",\"type\":\"server_error\"}}");
                } else if (stream) {
                    boolean asked =
                            request.path("stream_options").path("include_usage").asBoolean(false);
                    write(exchange, 200, "text/event-stream", sse(!usageOnlyWhenAsked || asked));
                } else {
                    write(exchange, 200, "application/json", completion().toString());
                }
            } catch (IOException e) {
                // the client gave up (a timeout test): nothing to answer
            }
        }

        private ObjectNode completion() {
            ObjectNode root = base("chat.completion");
            ObjectNode choice = root.putArray("choices").addObject();
            choice.put("index", 0);
            ObjectNode message = choice.putObject("message");
            message.put("role", "assistant");
            if (!toolCalls.isEmpty()) {
                message.putNull("content");
                var calls = message.putArray("tool_calls");
                for (ToolCall c : toolCalls) {
                    ObjectNode call = calls.addObject();
                    call.put("id", c.id());
                    call.put("type", "function");
                    call.putObject("function").put("name", c.name()).put("arguments", c.argumentsJson());
                }
                choice.put("finish_reason", "tool_calls");
            } else {
                message.put("content", content);
                choice.put("finish_reason", "stop");
            }
            putUsage(root);
            return root;
        }

        private String sse(boolean withUsage) {
            List<ObjectNode> chunks = new ArrayList<>();
            if (!toolCalls.isEmpty()) {
                ObjectNode delta = chunk(chunks).putObject("delta");
                delta.put("role", "assistant");
                var calls = delta.putArray("tool_calls");
                for (int i = 0; i < toolCalls.size(); i++) {
                    ToolCall c = toolCalls.get(i);
                    ObjectNode call = calls.addObject();
                    call.put("index", i).put("id", c.id()).put("type", "function");
                    call.putObject("function").put("name", c.name()).put("arguments", c.argumentsJson());
                }
            } else {
                int half = content.length() / 2;
                chunk(chunks).putObject("delta").put("role", "assistant").put("content", content.substring(0, half));
                chunk(chunks).putObject("delta").put("content", content.substring(half));
            }
            ObjectNode last = chunk(chunks);
            last.putObject("delta");
            last.put("finish_reason", toolCalls.isEmpty() ? "stop" : "tool_calls");
            StringBuilder out = new StringBuilder();
            for (ObjectNode c : chunks) {
                out.append("data: ").append(c).append("\n\n");
            }
            if (tokensIn != null && withUsage) {
                ObjectNode usageChunk = base("chat.completion.chunk");
                usageChunk.putArray("choices");
                putUsage(usageChunk);
                out.append("data: ").append(usageChunk).append("\n\n");
            }
            return out.append("data: [DONE]\n\n").toString();
        }

        /** Adds a chunk with one choice to {@code chunks}; returns the choice. */
        private static ObjectNode chunk(List<ObjectNode> chunks) {
            ObjectNode root = base("chat.completion.chunk");
            ObjectNode choice = root.putArray("choices").addObject();
            choice.put("index", 0);
            chunks.add(root);
            return choice;
        }

        private static ObjectNode base(String object) {
            ObjectNode root = JSON.createObjectNode();
            root.put("id", "chatcmpl-test");
            root.put("object", object);
            root.put("created", 1_700_000_000L);
            root.put("model", MODEL);
            return root;
        }

        private void putUsage(ObjectNode root) {
            if (tokensIn != null) {
                ObjectNode usage = root.putObject("usage")
                        .put("prompt_tokens", tokensIn)
                        .put("completion_tokens", tokensOut)
                        .put("total_tokens", tokensIn + tokensOut);
                if (cachedTokens != null) {
                    usage.putObject("prompt_tokens_details").put("cached_tokens", cachedTokens);
                }
            }
        }

        private static void write(HttpExchange exchange, int status, String type, String body) throws IOException {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", type);
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
