package ai.oceum.devserver.http;

import ai.oceum.devserver.protocol.ApiError;
import ai.oceum.devserver.store.StoreException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Base of the JSON endpoints: one method allowed, and every failure answered as
 * {@code {"ok": false, "error": "..."}} with the right status (400, 401, 404, 405, 413, 500).
 * A 500 never carries database details or an exception's message, only what to do.
 */
abstract class JsonHandler implements HttpHandler {
    private static final Logger log = LoggerFactory.getLogger(JsonHandler.class);

    private final String method;
    final ObjectMapper mapper;

    JsonHandler(String method, ObjectMapper mapper) {
        this.method = method;
        this.mapper = mapper;
    }

    /** Handles an allowed request; returns the status and JSON body. */
    abstract Result respond(HttpExchange ex) throws IOException;

    /** A status and a JSON text. */
    record Result(int status, String json) {}

    @Override
    public final void handle(HttpExchange ex) throws IOException {
        try {
            if (!ex.getRequestMethod().equalsIgnoreCase(method)) {
                ex.getResponseHeaders().set("Allow", method);
                throw new ApiError(405, ex.getRequestMethod() + " is not allowed here; use " + method);
            }
            Result r = respond(ex);
            HttpIo.json(ex, r.status(), r.json());
        } catch (ApiError e) {
            HttpIo.json(ex, e.status(), mapper.writeValueAsString(e.body()));
        } catch (StoreException e) {
            // The database's message (SQL, table and column names, values) is for the server's log, not the client.
            log.error(
                    "dev server storage failed on {} {}: {}",
                    ex.getRequestMethod(),
                    ex.getRequestURI().getPath(),
                    e.getMessage());
            HttpIo.json(
                    ex,
                    500,
                    mapper.writeValueAsString(
                            Map.of(
                                    "ok",
                                    false,
                                    "error",
                                    "the dev server's database failed on this request; nothing of it was stored (the server's log says why)")));
        } catch (RuntimeException e) {
            log.error(
                    "dev server failed on {} {}",
                    ex.getRequestMethod(),
                    ex.getRequestURI().getPath(),
                    e);
            HttpIo.json(
                    ex,
                    500,
                    mapper.writeValueAsString(Map.of(
                            "ok",
                            false,
                            "error",
                            "internal error: " + e.getClass().getSimpleName())));
        } finally {
            ex.close();
        }
    }

    Result ok(Object body) throws IOException {
        return new Result(200, mapper.writeValueAsString(body));
    }
}
