package ai.oceum.devserver.http;

import ai.oceum.devserver.protocol.ApiError;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The first filter of every endpoint: refuses requests not addressed to this server
 * ({@link HostPolicy}, 403), reads the whole body (at most the body limit, 413 beyond) while the
 * request deadline runs ({@link RequestDeadlines}), then hands the exchange on with the body in
 * memory, so that nothing after it reads from a slow client. It records the Host verdict as the
 * exchange attribute {@value #HOST_VERDICT} for {@link DashboardAccess}. Stateless; thread-safe.
 */
public final class RequestGuard extends Filter {
    /** The exchange attribute holding the {@link HostPolicy.Verdict}. */
    static final String HOST_VERDICT = "ai.oceum.devserver.hostVerdict";

    private final HostPolicy hosts;
    private final int maxBodyBytes;
    private final String baseUrl;
    private final ObjectMapper mapper;

    /** A guard answering the hosts of {@code hosts}; {@code baseUrl} is named in refusals. */
    public RequestGuard(HostPolicy hosts, int maxBodyBytes, String baseUrl, ObjectMapper mapper) {
        this.hosts = hosts;
        this.maxBodyBytes = maxBodyBytes;
        this.baseUrl = baseUrl;
        this.mapper = mapper;
    }

    @Override
    public void doFilter(HttpExchange ex, Chain chain) throws IOException {
        HostPolicy.Verdict verdict = hosts.judge(ex.getRequestHeaders().getFirst("Host"));
        if (verdict == HostPolicy.Verdict.REFUSED) {
            refuse(
                    ex,
                    new ApiError(
                            403,
                            "this dev server answers requests addressed to " + baseUrl + " (or localhost) only: "
                                    + "the Host header "
                                    + describe(ex.getRequestHeaders().getFirst("Host"))
                                    + " is refused, against DNS rebinding; "
                                    + "start it with --allow-host <name> to answer another name"));
            return;
        }
        ex.setAttribute(HOST_VERDICT, verdict);
        byte[] body;
        try {
            body = readBody(ex);
        } catch (ApiError e) {
            ex.getResponseHeaders().set("Connection", "close"); // the rest of the body is not read
            refuse(ex, e);
            return;
        }
        RequestDeadlines.requestRead();
        ex.setStreams(new ByteArrayInputStream(body), null);
        chain.doFilter(ex);
    }

    private byte[] readBody(HttpExchange ex) throws IOException {
        String length = ex.getRequestHeaders().getFirst("Content-Length");
        if (length != null) {
            try {
                if (Long.parseLong(length.strip()) > maxBodyBytes) {
                    throw HttpIo.tooLarge(maxBodyBytes);
                }
            } catch (NumberFormatException e) {
                throw ApiError.badRequest("Content-Length is not a number");
            }
        }
        try (InputStream in = ex.getRequestBody()) {
            byte[] bytes = in.readNBytes(maxBodyBytes + 1);
            if (bytes.length > maxBodyBytes) {
                throw HttpIo.tooLarge(maxBodyBytes);
            }
            return bytes;
        }
    }

    private void refuse(HttpExchange ex, ApiError e) throws IOException {
        try (ex) {
            HttpIo.json(ex, e.status(), mapper.writeValueAsString(e.body()));
        }
    }

    private static String describe(String host) {
        if (host == null) {
            return "(missing)";
        }
        String h = host.length() > 80 ? host.substring(0, 80) + "…" : host;
        return "'" + h.replaceAll("[^\\x20-\\x7e]", "?") + "'";
    }

    @Override
    public String description() {
        return "Host check, request body and deadline";
    }
}
