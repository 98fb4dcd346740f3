package ai.oceum.devserver.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.oceum.devserver.protocol.ApiError;
import ai.oceum.testing.LoopbackHttpServer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The vault proxy against real HTTP(S) servers on 127.0.0.1, with host names resolved by a
 * table instead of DNS (so tests stay on loopback): the name is resolved once and the connection
 * goes to the address that was checked; TLS checks the certificate against the name; the secret
 * is removed from the answer in the forms an echoing API uses.
 */
class VaultProxyTest {
    /** Has a slash, a plus and an equals sign, so that its escaped and encoded forms differ from it. */
    private static final String SECRET = "sk_live/THE+SECRET=4242abcdXYZ";

    private final ObjectMapper mapper = new ObjectMapper();
    private final AtomicInteger lookups = new AtomicInteger();
    private final AtomicReference<String> lastHost = new AtomicReference<>();
    private LoopbackHttpServer echo;

    @BeforeEach
    void startEcho() {
        echo = LoopbackHttpServer.start("echo", ex -> {
            lastHost.set(ex.getRequestHeaders().getFirst("Host"));
            byte[] body = echoBody(String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.getResponseHeaders().add("X-Echo", ex.getRequestHeaders().getFirst("Authorization"));
            ex.getResponseHeaders()
                    .add("X-Echo", "second:" + ex.getRequestHeaders().getFirst("Authorization"));
            ex.getResponseHeaders()
                    .set(
                            "X-Echo-B64",
                            Base64.getEncoder()
                                    .encodeToString(String.valueOf(
                                                    ex.getRequestHeaders().getFirst("Authorization"))
                                            .getBytes(StandardCharsets.UTF_8)));
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
    }

    @AfterEach
    void stopEcho() {
        echo.close();
    }

    /** The Authorization header echoed as an API might (echo.py of the review, plus JSON unicode escapes). */
    private static byte[] echoBody(String auth) {
        StringBuilder unicode = new StringBuilder();
        auth.chars().forEach(c -> unicode.append(String.format("\\u%04x", c)));
        String json = "{\"auth\":\"" + auth.replace("/", "\\/") + "\","
                + "\"auth_b64\":\"" + Base64.getEncoder().encodeToString(auth.getBytes(StandardCharsets.UTF_8)) + "\","
                + "\"auth_b64url\":\""
                + Base64.getUrlEncoder().withoutPadding().encodeToString(auth.getBytes(StandardCharsets.UTF_8)) + "\","
                + "\"auth_rev\":\""
                + new StringBuilder(auth).reverse().toString().replace("/", "\\/") + "\","
                + "\"auth_json_escaped\":\"" + auth.replace("/", "\\\\/") + "\","
                + "\"auth_unicode\":\"" + unicode + "\","
                + "\"auth_url\":\"" + URLEncoder.encode(auth, StandardCharsets.UTF_8) + "\","
                + "\"" + auth.replace("/", "\\/") + "\":\"as a field name\"}";
        return json.getBytes(StandardCharsets.UTF_8);
    }

    private VaultProxy proxy(boolean allowPrivate, Map<String, String> names, SSLSocketFactory tls) {
        return new VaultProxy(
                mapper,
                allowPrivate,
                Duration.ofSeconds(5),
                host -> {
                    lookups.incrementAndGet();
                    String address = names.get(host);
                    if (address == null) {
                        throw new java.net.UnknownHostException(host);
                    }
                    return new InetAddress[] {InetAddress.getByName(address)};
                },
                tls);
    }

    private static ObjectNode get(ObjectMapper mapper, String url) {
        return mapper.createObjectNode().put("method", "GET").put("url", url);
    }

    private int port() {
        return echo.port();
    }

    @Test
    void theNameIsResolvedOnceAndTheConnectionGoesToTheCheckedAddress() {
        VaultProxy p = proxy(true, Map.of("echo.test", "127.0.0.1"), (SSLSocketFactory) SSLSocketFactory.getDefault());
        Map<String, Object> answer = p.send(
                get(mapper, "http://echo.test:" + port() + "/v1/x?q=1"),
                List.of("echo.test"),
                InjectionTemplate.parse(null),
                SECRET);
        assertThat(answer.get("status")).isEqualTo(200);
        // echo.test exists only in the test's table: the request reached 127.0.0.1 through the checked address.
        assertThat(lookups.get()).isEqualTo(1);
        assertThat(lastHost.get()).isEqualTo("echo.test:" + port());
    }

    @Test
    void aNameResolvingToASpecialPurposeAddressIsRefusedBeforeAnyConnection() {
        VaultProxy p = proxy(
                false,
                Map.of("meta.test", "100.100.100.200", "ula.test", "fd00::1", "loop.test", "127.0.0.1"),
                (SSLSocketFactory) SSLSocketFactory.getDefault());
        for (String host : new String[] {"meta.test", "ula.test", "loop.test"}) {
            assertThatThrownBy(() -> p.send(
                            get(mapper, "http://" + host + ":" + port() + "/"),
                            List.of(host),
                            InjectionTemplate.parse(null),
                            SECRET))
                    .isInstanceOfSatisfying(
                            ApiError.class, e -> assertThat(e.status()).isEqualTo(403))
                    .hasMessageContaining("special-purpose")
                    .hasMessageNotContaining(SECRET);
        }
        assertThat(lastHost.get()).isNull(); // nothing reached the echo server
    }

    @Test
    void aNameWithOnePublicAndOnePrivateAddressIsRefused() {
        VaultProxy p = new VaultProxy(
                mapper,
                false,
                Duration.ofSeconds(5),
                host -> new InetAddress[] {InetAddress.getByName("8.8.8.8"), InetAddress.getByName("10.0.0.5")},
                (SSLSocketFactory) SSLSocketFactory.getDefault());
        assertThatThrownBy(() -> p.send(
                        get(mapper, "http://both.test/"), List.of("both.test"), InjectionTemplate.parse(null), SECRET))
                .isInstanceOfSatisfying(
                        ApiError.class, e -> assertThat(e.status()).isEqualTo(403))
                .hasMessageContaining("10.0.0.5");
    }

    @Test
    void theSecretIsRemovedFromTheAnswerInItsEscapedAndEncodedForms() throws Exception {
        VaultProxy p = proxy(true, Map.of("echo.test", "127.0.0.1"), (SSLSocketFactory) SSLSocketFactory.getDefault());
        Map<String, Object> answer = p.send(
                get(mapper, "http://echo.test:" + port() + "/"),
                List.of("echo.test"),
                InjectionTemplate.parse(null),
                SECRET);
        String text = mapper.writeValueAsString(answer);
        String auth = "Bearer " + SECRET;
        for (String form : List.of(
                SECRET,
                Base64.getEncoder().encodeToString(auth.getBytes(StandardCharsets.UTF_8)),
                Base64.getUrlEncoder().withoutPadding().encodeToString(auth.getBytes(StandardCharsets.UTF_8)),
                Base64.getEncoder().encodeToString(SECRET.getBytes(StandardCharsets.UTF_8)),
                new StringBuilder(SECRET).reverse().toString(),
                SECRET.replace("/", "\\/"),
                SECRET.replace("/", "\\\\/"),
                URLEncoder.encode(SECRET, StandardCharsets.UTF_8),
                "THE+SECRET",
                "4242abcd")) {
            assertThat(text).as(form).doesNotContain(form);
        }
        JsonNode data = mapper.valueToTree(answer.get("data"));
        assertThat(data.get("auth").asText()).isEqualTo("Bearer [redacted]");
        assertThat(data.get("auth_unicode").asText()).isEqualTo("Bearer [redacted]");
        assertThat(mapper.valueToTree(answer.get("headers")).get("x-echo").asText())
                .isEqualTo("Bearer [redacted], second:Bearer [redacted]");
    }

    @Test
    void headersWithLineBreaksAndHeadersTheProxySetsAreRefused() {
        VaultProxy p = proxy(true, Map.of("echo.test", "127.0.0.1"), (SSLSocketFactory) SSLSocketFactory.getDefault());
        ObjectNode split = get(mapper, "http://echo.test:" + port() + "/");
        split.putObject("headers").put("X-Note", "a\r\nX-Injected: 1");
        assertThatThrownBy(() -> p.send(split, List.of("echo.test"), InjectionTemplate.parse(null), SECRET))
                .hasMessageContaining("line break");
        ObjectNode host = get(mapper, "http://echo.test:" + port() + "/");
        host.putObject("headers").put("Host", "internal.example");
        assertThatThrownBy(() -> p.send(host, List.of("echo.test"), InjectionTemplate.parse(null), SECRET))
                .hasMessageContaining("'Host'");
    }

    @Test
    void tlsChecksTheCertificateAgainstTheNameNotTheAddress(@TempDir Path dir) throws Exception {
        SSLContext server = selfSignedContext(dir, "echo.test");
        try (LoopbackHttpServer https = LoopbackHttpServer.builder("tls-target")
                .https(server)
                .handle("/", ex -> {
                    byte[] body = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
                    ex.getResponseHeaders().set("Content-Type", "application/json");
                    ex.sendResponseHeaders(200, body.length);
                    ex.getResponseBody().write(body);
                    ex.close();
                })
                .start()) {
            int port = https.port();
            // The client trusts exactly that certificate, as a real one trusts the public CAs.
            VaultProxy p =
                    proxy(true, Map.of("echo.test", "127.0.0.1", "other.test", "127.0.0.1"), server.getSocketFactory());
            Map<String, Object> ok = p.send(
                    get(mapper, "https://echo.test:" + port + "/"),
                    List.of("echo.test"),
                    InjectionTemplate.parse(null),
                    SECRET);
            assertThat(ok.get("status")).isEqualTo(200);
            assertThatThrownBy(() -> p.send(
                            get(mapper, "https://other.test:" + port + "/"),
                            List.of("other.test"),
                            InjectionTemplate.parse(null),
                            SECRET))
                    .isInstanceOfSatisfying(
                            ApiError.class, e -> assertThat(e.status()).isEqualTo(502))
                    .hasMessageContaining("SSLHandshakeException");
        }
    }

    /** A key pair and a self-signed certificate for {@code name} made by the JDK's keytool, as client and server context. */
    private static SSLContext selfSignedContext(Path dir, String name) throws Exception {
        Path store = dir.resolve("tls.p12");
        Process keytool = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "keytool")
                                .toString(),
                        "-genkeypair",
                        "-alias",
                        "tls",
                        "-keyalg",
                        "EC",
                        "-groupname",
                        "secp256r1",
                        "-validity",
                        "2",
                        "-dname",
                        "CN=" + name,
                        "-ext",
                        "SAN=dns:" + name,
                        "-storetype",
                        "PKCS12",
                        "-keystore",
                        store.toString(),
                        "-storepass",
                        "changeit")
                .redirectErrorStream(true)
                .start();
        String out = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).as(out).isZero();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return ctx;
    }
}
