package ai.oceum.devserver.http;

import ai.oceum.devserver.protocol.ApiError;
import com.sun.net.httpserver.HttpExchange;
import java.net.InetAddress;
import java.util.List;

/**
 * Who may see the dashboard's data without the API key: a browser on this machine, that is a
 * request from the loopback interface, addressed by a loopback name ({@code 127.0.0.1},
 * {@code localhost}, {@code [::1]}: checked by {@link RequestGuard}), and not relayed by a proxy
 * or tunnel (no {@code Forwarded}/{@code X-Forwarded-*} header): a tunnel that forwards other
 * people's requests to 127.0.0.1 must not make them "local". Everyone else needs the key (header,
 * or {@code ?key=} since {@code EventSource} cannot send headers). Stateless; thread-safe.
 */
final class DashboardAccess {
    private static final List<String> PROXY_HEADERS =
            List.of("Forwarded", "X-Forwarded-For", "X-Forwarded-Host", "X-Real-IP");

    private final ApiKeyCheck keys;

    DashboardAccess(ApiKeyCheck keys) {
        this.keys = keys;
    }

    void require(HttpExchange ex) {
        if (isLocalBrowser(ex)) {
            return;
        }
        if (!keys.presentIn(ex, HttpIo.query(ex).get("key"))) {
            throw new ApiError(
                    401,
                    "the dashboard needs the API key unless it is opened on this machine at a loopback address "
                            + "(and not through a proxy): add ?key=<key>");
        }
    }

    private static boolean isLocalBrowser(HttpExchange ex) {
        InetAddress remote = ex.getRemoteAddress().getAddress();
        if (remote == null || !remote.isLoopbackAddress()) {
            return false;
        }
        if (ex.getAttribute(RequestGuard.HOST_VERDICT) != HostPolicy.Verdict.LOOPBACK) {
            return false;
        }
        return PROXY_HEADERS.stream().noneMatch(h -> ex.getRequestHeaders().containsKey(h));
    }
}
