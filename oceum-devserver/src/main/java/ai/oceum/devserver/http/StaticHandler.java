package ai.oceum.devserver.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Serves the dashboard's page, script and style from the jar (no build step, no CDN: it works
 * offline). Only the files listed here are served.
 */
public final class StaticHandler implements HttpHandler {
    private static final String ROOT = "/ai/oceum/devserver/dashboard/";
    private static final Map<String, String> FILES = Map.of(
            "/", "index.html",
            "/index.html", "index.html",
            "/dashboard.js", "dashboard.js",
            "/dashboard.css", "dashboard.css");

    @Override
    public void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String file = FILES.get(ex.getRequestURI().getPath());
            if (file == null || !(ex.getRequestMethod().equals("GET") || ex.getRequestMethod().equals("HEAD"))) {
                byte[] msg = "not found".getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
                ex.sendResponseHeaders(404, msg.length);
                ex.getResponseBody().write(msg);
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
            ex.getResponseHeaders().set("Content-Security-Policy",
                    "default-src 'self'; style-src 'self'; script-src 'self'; img-src 'self' data:");
            boolean head = ex.getRequestMethod().equals("HEAD");
            ex.sendResponseHeaders(200, head ? -1 : bytes.length);
            if (!head) {
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(bytes);
                }
            }
        }
    }

    private static String contentType(String file) {
        if (file.endsWith(".html")) {
            return "text/html; charset=utf-8";
        }
        return file.endsWith(".js") ? "text/javascript; charset=utf-8" : "text/css; charset=utf-8";
    }
}
