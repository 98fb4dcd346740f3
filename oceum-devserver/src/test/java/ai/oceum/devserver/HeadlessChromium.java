package ai.oceum.devserver;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Debian's headless Chromium driven over the Chrome DevTools Protocol with the JDK's own
 * WebSocket client: no Selenium, no browser download. {@link #close()} kills the browser and
 * every process it started.
 */
final class HeadlessChromium implements AutoCloseable {
    static final Path BINARY = Path.of("/usr/bin/chromium");

    private final Process process;
    private final WebSocket socket;
    private final Path profileDir;
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final java.util.concurrent.BlockingQueue<JsonNode> events =
            new java.util.concurrent.LinkedBlockingQueue<>();
    private final AtomicInteger ids = new AtomicInteger();

    private HeadlessChromium(Process process, WebSocket socket, Path profileDir) {
        this.process = process;
        this.socket = socket;
        this.profileDir = profileDir;
    }

    /** Opens {@code url} in a new headless browser with its profile in {@code profileDir}. */
    static HeadlessChromium open(String url, Path profileDir, int width, int height) throws Exception {
        Process p = new ProcessBuilder(
                        BINARY.toString(),
                        "--headless",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-quic",
                        "--no-first-run",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--disable-sync",
                        "--disable-dev-shm-usage",
                        "--hide-scrollbars",
                        "--window-size=" + width + "," + height,
                        "--user-data-dir=" + profileDir,
                        "--remote-debugging-port=0",
                        url)
                .redirectErrorStream(true)
                .redirectOutput(profileDir
                        .resolveSibling(profileDir.getFileName() + ".log")
                        .toFile())
                .start();
        try {
            Path portFile = profileDir.resolve("DevToolsActivePort");
            await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> Files.exists(portFile)
                            && Files.readAllLines(portFile).size() >= 2);
            int port = Integer.parseInt(Files.readAllLines(portFile).get(0).strip());
            String pageSocket = pageSocketUrl(port);
            HeadlessChromium[] self = new HeadlessChromium[1];
            WebSocket ws = HttpClient.newHttpClient()
                    .newWebSocketBuilder()
                    .buildAsync(URI.create(pageSocket), new Listener(msg -> self[0].onMessage(msg)))
                    .get(10, TimeUnit.SECONDS);
            self[0] = new HeadlessChromium(p, ws, profileDir);
            return self[0];
        } catch (Exception | Error e) {
            kill(p);
            removeSingletonDir(profileDir);
            throw e;
        }
    }

    private static String pageSocketUrl(int port) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String[] found = new String[1];
        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    String body = http.send(
                                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list"))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString())
                            .body();
                    for (JsonNode t : Api.JSON.readTree(body)) {
                        if (t.get("type").asText().equals("page")) {
                            found[0] = t.get("webSocketDebuggerUrl").asText();
                            return true;
                        }
                    }
                    return false;
                });
        return found[0];
    }

    /** Sends one CDP command and waits for its result. */
    JsonNode call(String method, Map<String, Object> params) throws Exception {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        ObjectNode msg = Api.JSON.createObjectNode().put("id", id).put("method", method);
        msg.set("params", Api.JSON.valueToTree(params));
        socket.sendText(msg.toString(), true).get(10, TimeUnit.SECONDS);
        JsonNode reply = answer.get(20, TimeUnit.SECONDS);
        if (reply.has("error")) {
            throw new IllegalStateException(method + " failed: " + reply.get("error"));
        }
        return reply.get("result");
    }

    /** Evaluates JavaScript in the page and returns its value as JSON. */
    JsonNode eval(String expression) throws Exception {
        JsonNode result =
                call("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true, "awaitPromise", true));
        if (result.has("exceptionDetails")) {
            throw new IllegalStateException("page script failed: " + result.get("exceptionDetails"));
        }
        JsonNode value = result.get("result").get("value");
        return value == null ? Api.JSON.nullNode() : value;
    }

    /** Loads {@code url} in the page (the call returns once the navigation started). */
    void navigate(String url) throws Exception {
        call("Page.navigate", Map.of("url", url));
    }

    /**
     * Waits for the next CDP event named {@code method} (events are kept from the moment the
     * browser connected; those of other names are dropped while waiting).
     */
    JsonNode nextEvent(String method, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonNode e = events.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (e == null) {
                throw new IllegalStateException("no " + method + " event within " + timeout);
            }
            if (e.path("method").asText().equals(method)) {
                return e.get("params");
            }
        }
    }

    /** Saves a PNG of the page at this size. */
    void screenshot(Path file, int width, int height) throws Exception {
        call(
                "Emulation.setDeviceMetricsOverride",
                Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", false));
        JsonNode shot = call("Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", false));
        Files.write(file, Base64.getDecoder().decode(shot.get("data").asText()));
    }

    private void onMessage(String text) {
        try {
            JsonNode msg = Api.JSON.readTree(text);
            if (msg.has("id")) {
                CompletableFuture<JsonNode> f = pending.remove(msg.get("id").asInt());
                if (f != null) {
                    f.complete(msg);
                }
            } else if (msg.has("method")) {
                events.add(msg);
            }
        } catch (IOException e) {
            // Not a CDP message: ignore.
        }
    }

    @Override
    public void close() {
        socket.abort();
        kill(process);
        removeSingletonDir(profileDir);
    }

    /** Chromium keeps its singleton socket in a directory of its own under /tmp: remove it too. */
    private static void removeSingletonDir(Path profileDir) {
        try {
            Path link = profileDir.resolve("SingletonSocket");
            if (Files.isSymbolicLink(link)) {
                Path dir = Files.readSymbolicLink(link).getParent();
                Files.delete(link);
                if (dir != null && dir.getFileName().toString().startsWith("org.chromium.Chromium.")) {
                    try (var files = Files.walk(dir)) {
                        for (Path f : files.sorted(java.util.Comparator.reverseOrder())
                                .toList()) {
                            Files.deleteIfExists(f);
                        }
                    }
                }
            }
            for (String name : List.of("SingletonLock", "SingletonCookie")) {
                Files.deleteIfExists(profileDir.resolve(name));
            }
        } catch (IOException e) {
            // Best effort: the temp directory cleanup removes the rest.
        }
    }

    private static void kill(Process p) {
        List<ProcessHandle> children = p.descendants().toList();
        p.destroyForcibly();
        children.forEach(ProcessHandle::destroyForcibly);
        try {
            p.waitFor(10, TimeUnit.SECONDS);
            for (ProcessHandle c : children) {
                c.onExit().get(10, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Collects possibly fragmented text frames. */
    private static final class Listener implements WebSocket.Listener {
        private final java.util.function.Consumer<String> sink;
        private final StringBuilder buffer = new StringBuilder();

        Listener(java.util.function.Consumer<String> sink) {
            this.sink = sink;
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            buffer.append(data);
            if (last) {
                String msg = buffer.toString();
                buffer.setLength(0);
                sink.accept(msg);
            }
            ws.request(1);
            return null;
        }
    }
}
