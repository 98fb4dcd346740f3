package ai.oceum.devserver.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * Serves the dashboard's page, script and style from the jar (no build step, no CDN: it works
 * offline). Only the files listed here are served; {@code /} is the dashboard, {@code /trace} a run's trace page.
 */
public final class StaticHandler implements HttpHandler {
    private static final String ROOT = "/ai/oceum/devserver/dashboard/";
    /** The page, its style, and its script modules (one per dashboard section; see dashboard.js). */
    private static final Set<String> FILES = Set.of(
            "index.html",
            "dashboard.css",
            "dashboard.js",
            "connection.js",
            "format.js",
            "totals.js",
            "fleet.js",
            "tasks.js",
            "usage.js",
            "errors.js",
            "trace.html",
            "trace.css",
            "trace.js",
            "waterfall.js",
            "trace-details.js",
            "links.js");

    @Override
    public void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            // "/trace?agentId=..&taskId=.." is the trace page of one run.
            String file = path.equals("/")
                    ? "index.html"
                    : path.equals("/trace")
                            ? "trace.html"
                            : path.startsWith("/") && FILES.contains(path.substring(1)) ? path.substring(1) : null;
            if (file == null
                    || !(ex.getRequestMethod().equals("GET")
                            || ex.getRequestMethod().equals("HEAD"))) {
                byte[] msg = "not found".getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
                RequestDeadlines.io(() -> {
                    ex.sendResponseHeaders(404, msg.length);
                    ex.getResponseBody().write(msg);
                    ex.close();
                    return null;
                });
                return;
            }
            byte[] bytes;
            try (InputStream in = StaticHandler.class.getResourceAsStream(ROOT + file)) {
                if (in == null) {
                    throw new IOException("dashboard resource " + file + " missing from the jar");
                }
                bytes = in.readAllBytes();
            }
            ex.getResponseHeaders().set("Content-Type", contentType(file));
            ex.getResponseHeaders().set("Cache-Control", "no-cache");
            ex.getResponseHeaders()
                    .set(
                            "Content-Security-Policy",
                            "default-src 'self'; style-src 'self'; script-src 'self'; img-src 'self' data:");
            ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
            boolean head = ex.getRequestMethod().equals("HEAD");
            RequestDeadlines.io(() -> {
                ex.sendResponseHeaders(200, head ? -1 : bytes.length);
                if (!head) {
                    try (OutputStream out = ex.getResponseBody()) {
                        out.write(bytes);
                    }
                }
                ex.close();
                return null;
            });
        }
    }

    private static String contentType(String file) {
        if (file.endsWith(".html")) {
            return "text/html; charset=utf-8";
        }
        return file.endsWith(".js") ? "text/javascript; charset=utf-8" : "text/css; charset=utf-8";
    }
}
