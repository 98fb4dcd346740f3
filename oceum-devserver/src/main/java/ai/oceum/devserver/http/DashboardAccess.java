package ai.oceum.devserver.http;

import ai.oceum.devserver.protocol.ApiError;
import com.sun.net.httpserver.HttpExchange;
import java.net.InetAddress;

/**
 * Who may see the dashboard's data: anyone connecting from the loopback interface (the browser
 * on the developer's machine, no key needed), others only with the API key (header, or
 * {@code ?key=} since {@code EventSource} cannot send headers).
 */
final class DashboardAccess {
    private final ApiKeyCheck keys;

    DashboardAccess(ApiKeyCheck keys) {
        this.keys = keys;
    }

    void require(HttpExchange ex) {
        InetAddress remote = ex.getRemoteAddress().getAddress();
        if (remote != null && remote.isLoopbackAddress()) {
            return;
        }
        if (!keys.presentIn(ex, HttpIo.query(ex).get("key"))) {
            throw new ApiError(401, "the dashboard needs the API key when opened from another machine: add ?key=<key>");
        }
    }
}
