package com.example.readme;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A small OpenAI-compatible server on 127.0.0.1 for the tests: {@code POST /chat/completions}
 * answers with scripted replies — JSON answers, tool calls, server-sent-event streams ending in
 * a usage chunk, or an error status. Replies come from the queue first, then from the handler.
 * A copy of the Spring Boot starter tests' server (itself oceum-langchain4j's), answering at
 * {@code /chat/completions} and {@code /v1/chat/completions}.
 */
final class FakeOpenAi implements AutoCloseable {
    public static final String MODEL = "gpt-4o-mini-2024-07-18";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService executor;
    private final ConcurrentLinkedQueue<Reply> script = new ConcurrentLinkedQueue<>();
    private final List<JsonNode> requests = new CopyOnWriteArrayList<>();
    private volatile Function<JsonNode, Reply> handler = request -> Reply.answer("default answer", 1, 1);

    private FakeOpenAi(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    public static FakeOpenAi start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 32);
        ExecutorService executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fake-openai");
            t.setDaemon(true);
            return t;
        });
        FakeOpenAi fake = new FakeOpenAi(server, executor);
        server.createContext("/chat/completions", fake::handle);
        server.createContext("/v1/chat/completions", fake::handle); // Spring AI 1.1 adds /v1 itself
        server.setExecutor(executor);
        server.start();
        return fake;
    }

    /** The base URL for {@code OpenAiChatModel.builder().baseUrl(..)}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public FakeOpenAi enqueue(Reply... replies) {
        script.addAll(List.of(replies));
        return this;
    }

    /** Answers every request not answered by the queue; the argument is the parsed request body. */
    public FakeOpenAi respondWith(Function<JsonNode, Reply> handler) {
        this.handler = handler;
        return this;
    }

    /** The request bodies received so far. */
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
        reply.send(exchange, body.path("stream").asBoolean(false));
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    /** The text of the last user message of a request, for handlers that answer by prompt. */
    public static String lastUserText(JsonNode request) {
        String text = "";
        for (JsonNode m : request.path("messages")) {
            if ("user".equals(m.path("role").asText())) {
                text = m.path("content").isTextual() ? m.path("content").asText() : m.path("content").toString();
            }
        }
        return text;
    }

    /** One scripted answer. */
    public static final class Reply {
        private final int status;
        private final String content;
        private final String toolName;
        private final String toolArguments;
        private final Integer tokensIn;
        private final Integer tokensOut;

        private Reply(int status, String content, String toolName, String toolArguments, Integer in, Integer out) {
            this.status = status;
            this.content = content;
            this.toolName = toolName;
            this.toolArguments = toolArguments;
            this.tokensIn = in;
            this.tokensOut = out;
        }

        /** A final answer with usage (streamed when the request asks for a stream). */
        public static Reply answer(String content, int tokensIn, int tokensOut) {
            return new Reply(200, content, null, null, tokensIn, tokensOut);
        }

        /** A final answer without any usage block. */
        public static Reply answerWithoutUsage(String content) {
            return new Reply(200, content, null, null, null, null);
        }

        /** The model asks for one tool call. */
        public static Reply toolCall(String name, String argumentsJson, int tokensIn, int tokensOut) {
            return new Reply(200, null, name, argumentsJson, tokensIn, tokensOut);
        }

        /** An error status with an OpenAI-style error body. */
        public static Reply status(int status) {
            return new Reply(status, null, null, null, null, null);
        }

        void send(HttpExchange exchange, boolean stream) throws IOException {
            try (exchange) {
                if (status != 200) {
                    write(exchange, status, "application/json",
                            "{\"error\":{\"message\":\"the model server failed\",\"type\":\"server_error\"}}");
                } else if (stream) {
                    write(exchange, 200, "text/event-stream", sse());
                } else {
                    write(exchange, 200, "application/json", completion().toString());
                }
            }
        }

        private ObjectNode completion() {
            ObjectNode root = base("chat.completion");
            ObjectNode choice = root.putArray("choices").addObject();
            choice.put("index", 0);
            ObjectNode message = choice.putObject("message");
            message.put("role", "assistant");
            if (toolName != null) {
                message.putNull("content");
                ObjectNode call = message.putArray("tool_calls").addObject();
                call.put("id", "call_1");
                call.put("type", "function");
                call.putObject("function").put("name", toolName).put("arguments", toolArguments);
                choice.put("finish_reason", "tool_calls");
            } else {
                message.put("content", content);
                choice.put("finish_reason", "stop");
            }
            putUsage(root);
            return root;
        }

        private String sse() {
            List<ObjectNode> chunks = new ArrayList<>();
            if (toolName != null) {
                ObjectNode delta = chunk(chunks).putObject("delta");
                delta.put("role", "assistant");
                ObjectNode call = delta.putArray("tool_calls").addObject();
                call.put("index", 0).put("id", "call_1").put("type", "function");
                call.putObject("function").put("name", toolName).put("arguments", toolArguments);
            } else {
                int half = content.length() / 2;
                chunk(chunks).putObject("delta").put("role", "assistant").put("content", content.substring(0, half));
                chunk(chunks).putObject("delta").put("content", content.substring(half));
            }
            ObjectNode last = chunk(chunks);
            last.putObject("delta");
            last.put("finish_reason", toolName != null ? "tool_calls" : "stop");
            StringBuilder out = new StringBuilder();
            for (ObjectNode c : chunks) {
                out.append("data: ").append(c).append("\n\n");
            }
            if (tokensIn != null) {
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
            ArrayNode choices = root.putArray("choices");
            ObjectNode choice = choices.addObject();
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
                root.putObject("usage").put("prompt_tokens", tokensIn).put("completion_tokens", tokensOut)
                        .put("total_tokens", tokensIn + tokensOut);
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
