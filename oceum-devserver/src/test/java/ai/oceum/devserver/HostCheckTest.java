package ai.oceum.devserver;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * DNS rebinding: a page on attacker.example whose name now resolves to 127.0.0.1 reaches the
 * dev server with {@code Host: attacker.example:PORT}. Every endpoint refuses it before doing
 * anything; requests by the server's own names work; a request relayed by a proxy or tunnel is
 * not taken for the local browser.
 */
class HostCheckTest {
    private static final String KEY = "host-check-key";
    private static DevServer server;
    private static int port;

    @BeforeAll
    static void start() {
        server = DevServer.builder()
                .inMemory()
                .apiKey(KEY)
                .allowHost("devbox.example")
                .build()
                .start();
        port = server.port();
        new Api(server)
                .event(
                        "{\"event\":\"error\",\"agentId\":\"victim\",\"data\":{\"message\":\"customer card 4242 declined\"}}");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aForeignHostIsRefusedOnEveryEndpointWithoutData() {
        String host = "attacker.example:" + port;
        for (String path : new String[] {
            "/",
            "/dashboard.js",
            "/trace",
            "/api/dashboard",
            "/api/stream",
            "/api/memory",
            "/api/vault",
            "/api/trace?agentId=victim&taskId=t"
        }) {
            RawHttp.Answer a = RawHttp.get(port, path, host, "x-api-key: " + KEY);
            assertThat(a.status()).as(path).isEqualTo(403);
            assertThat(a.text())
                    .as(path)
                    .contains("against DNS rebinding")
                    .doesNotContain("4242")
                    .doesNotContain("victim");
        }
        String body = "{\"event\":\"heartbeat\",\"agentId\":\"rebound\",\"data\":{}}";
        RawHttp.Answer post = RawHttp.exchange(
                port,
                "POST /api/webhook HTTP/1.1\r\nHost: " + host + "\r\nx-api-key: " + KEY
                        + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length()
                        + "\r\nConnection: close\r\n\r\n" + body);
        assertThat(post.status()).isEqualTo(403);
        assertThat(new Api(server).dashboard().get("agents").toString()).doesNotContain("rebound");
    }

    @Test
    void theServersOwnNamesWithItsPortAreAnswered() {
        for (String host : new String[] {
            "127.0.0.1:" + port, "localhost:" + port, "LOCALHOST:" + port, "[::1]:" + port, "localhost.:" + port
        }) {
            RawHttp.Answer a = RawHttp.get(port, "/api/dashboard", host);
            assertThat(a.status()).as(host).isEqualTo(200);
            assertThat(a.text()).as(host).contains("4242");
        }
    }

    @Test
    void aWrongPortAMissingHostAndMalformedHostsAreRefused() {
        assertThat(RawHttp.get(port, "/api/dashboard", "127.0.0.1:1").status()).isEqualTo(403);
        assertThat(RawHttp.get(port, "/api/dashboard", "127.0.0.1").status()).isEqualTo(403); // port 80 implied
        assertThat(RawHttp.get(port, "/api/dashboard", null).status()).isEqualTo(403);
        assertThat(RawHttp.get(port, "/api/dashboard", "127.0.0.1:" + port + "@attacker.example")
                        .status())
                .isEqualTo(403);
        assertThat(RawHttp.get(port, "/api/dashboard", "::1:" + port).status()).isEqualTo(403);
    }

    @Test
    void aRequestRelayedByAProxyOrTunnelNeedsTheKeyForTheDashboard() {
        RawHttp.Answer proxied =
                RawHttp.get(port, "/api/dashboard", "127.0.0.1:" + port, "X-Forwarded-For: 203.0.113.9");
        assertThat(proxied.status()).isEqualTo(401);
        assertThat(proxied.text()).doesNotContain("4242");
        assertThat(RawHttp.get(port, "/api/dashboard", "127.0.0.1:" + port, "Forwarded: for=203.0.113.9")
                        .status())
                .isEqualTo(401);
        assertThat(RawHttp.get(port, "/api/dashboard?key=" + KEY, "127.0.0.1:" + port, "X-Forwarded-For: 203.0.113.9")
                        .status())
                .isEqualTo(200);
    }

    @Test
    void anAllowedExtraNameIsAnsweredButIsNotTakenForTheLocalBrowser() {
        String host = "devbox.example:" + port;
        assertThat(RawHttp.get(port, "/", host).status()).isEqualTo(200);
        assertThat(RawHttp.get(port, "/api/dashboard", host).status()).isEqualTo(401);
        assertThat(RawHttp.get(port, "/api/dashboard", host, "x-api-key: " + KEY)
                        .status())
                .isEqualTo(200);
    }
}
