package ai.oceum.devserver;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The API key, the vault key and a stored secret appear in no answer (except the one
 * {@code vault_retrieve} that hands the secret to its owner), no log line, no exception and no
 * console output, through every path that reports something: refusals of all kinds, the vault's
 * calls and their failures, a wrong vault key after a restart, the dashboard.
 */
class SecretsNeverLeakTest {
    private static final String API_KEY = "odk_LEAKCHECK_api_key_0123456789abcdef";
    private static final String SECRET = "sk_live/LEAKCHECK+secret=9876";

    @TempDir
    Path dir;

    private final List<String> answers = new ArrayList<>();

    private Api.Reply keep(Api.Reply r) {
        answers.add(r.status() + " " + r.raw().headers().map() + " " + r.raw().body());
        return r;
    }

    private void keep(RawHttp.Answer a) {
        answers.add(a.text());
    }

    @Test
    void noAnswerLogLineExceptionOrConsoleOutputCarriesTheKeysOrAStoredSecret() throws Exception {
        byte[] vaultKey = new byte[32];
        new SecureRandom().nextBytes(vaultKey);
        byte[] otherVaultKey = new byte[32];
        new SecureRandom().nextBytes(otherVaultKey);
        List<String> forbidden = List.of(
                API_KEY,
                SECRET,
                Base64.getEncoder().encodeToString(vaultKey),
                HexFormat.of().formatHex(vaultKey),
                Base64.getEncoder().encodeToString(otherVaultKey));

        LoggerContext logback = (LoggerContext) LoggerFactory.getILoggerFactory();
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.setContext(logback);
        logs.start();
        Logger root = logback.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Logger oceumLogger = logback.getLogger("ai.oceum");
        Level before = oceumLogger.getLevel();
        root.addAppender(logs);
        oceumLogger.setLevel(Level.DEBUG);
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        PrintStream out = System.out;
        PrintStream err = System.err;
        System.setOut(new PrintStream(tee(out, console), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(tee(err, console), true, StandardCharsets.UTF_8));
        String retrieved;
        List<String> described = new ArrayList<>();
        try (EchoTarget echo = new EchoTarget()) {
            String token;
            try (DevServer server = DevServer.builder()
                    .dataDir(dir)
                    .apiKey(API_KEY)
                    .vaultKey(vaultKey)
                    .vaultProxyAllowPrivate(true)
                    .maxBodyBytes(4096)
                    .build()
                    .start()) {
                described.add(server.toString());
                described.add(server.config().toString());
                Api api = new Api(server);
                int port = server.port();
                // Refusals.
                keep(api.post("{\"event\":\"heartbeat\",\"agentId\":\"a\",\"data\":{}}", "x-api-key", API_KEY + "x"));
                keep(api.post(
                        "{\"event\":\"heartbeat\",\"agentId\":\"a\",\"data\":{}}",
                        "Authorization",
                        "Bearer " + API_KEY.toUpperCase(Locale.ROOT)));
                keep(api.event("{\"event\":\"heartbeat\",\"agentId\":" + API_KEY + "}"));
                keep(api.event("{\"event\":\"heartbeat\",\"agentId\":\"" + API_KEY + "\"," + "\"data\":[]}"));
                keep(api.event("{\"event\":\"memory\",\"agentId\":\"a\",\"data\":{\"content\":\"" + "x".repeat(5000)
                        + "\"}}"));
                keep(api.get("/api/webhook", true));
                keep(RawHttp.get(port, "/api/dashboard?key=" + API_KEY, "attacker.example:" + port));
                keep(RawHttp.get(
                        port,
                        "/api/dashboard?key=" + API_KEY + "x",
                        "127.0.0.1:" + port,
                        "X-Forwarded-For: 203.0.113.1"));
                keep(RawHttp.get(port, "/nothing-here?key=" + API_KEY, "127.0.0.1:" + port));
                // The vault, including its failures.
                token = keep(api.event("{\"event\":\"vault_store\",\"agentId\":\"owner\",\"data\":{\"data\":\"" + SECRET
                                + "\",\"targetDomains\":\"127.0.0.1\"}}"))
                        .text("token");
                Api.Reply owner = api.event(
                        "{\"event\":\"vault_retrieve\",\"agentId\":\"owner\",\"data\":{\"token\":\"" + token + "\"}}");
                retrieved = owner.text("data");
                keep(api.event("{\"event\":\"vault_retrieve\",\"agentId\":\"stranger\",\"data\":{\"token\":\"" + token
                        + "\"}}"));
                keep(api.event("{\"event\":\"vault_proxy\",\"agentId\":\"owner\",\"data\":{\"token\":\"" + token
                        + "\",\"url\":\"" + echo.url("/echo") + "\"}}"));
                String queryToken = api.event(
                                "{\"event\":\"vault_store\",\"agentId\":\"owner\",\"data\":{\"data\":\"" + SECRET
                                        + "\",\"targetDomains\":\"127.0.0.1\",\"injectionTemplate\":\"query:api_key:{{secret}}\"}}")
                        .text("token");
                keep(api.event("{\"event\":\"vault_proxy\",\"agentId\":\"owner\",\"data\":{\"token\":\"" + queryToken
                        + "\",\"url\":\"http://127.0.0.1:9/closed\"}}"));
                keep(api.event("{\"event\":\"vault_proxy\",\"agentId\":\"owner\",\"data\":{\"token\":\"" + queryToken
                        + "\",\"url\":\"" + echo.url("/q") + "\"}}"));
                keep(api.event("{\"event\":\"error\",\"agentId\":\"owner\",\"data\":{\"message\":\"boom\"}}"));
                keep(api.get("/api/vault", true));
                keep(api.get("/api/vault?agentId=owner", true));
                keep(api.get("/api/memory", true));
                keep(api.get("/api/dashboard", false));
            }
            // Restarted with another vault key: the stored secret cannot be opened, and saying so leaks nothing.
            try (DevServer server = DevServer.builder()
                    .dataDir(dir)
                    .apiKey(API_KEY)
                    .vaultKey(otherVaultKey)
                    .build()
                    .start()) {
                Api api = new Api(server);
                Api.Reply wrongKey = keep(api.event(
                        "{\"event\":\"vault_retrieve\",\"agentId\":\"owner\",\"data\":{\"token\":\"" + token + "\"}}"));
                assertThat(wrongKey.status()).isEqualTo(500);
                assertThat(wrongKey.text("error")).contains("wrong vault key");
                keep(api.get("/api/dashboard", false));
            }
        } finally {
            System.setOut(out);
            System.setErr(err);
            root.detachAppender(logs);
            oceumLogger.setLevel(before);
        }

        assertThat(retrieved).isEqualTo(SECRET); // the one answer meant to carry it (and proof the check would see it)
        List<String> logLines = logs.list.stream()
                .map(e -> e.getFormattedMessage()
                        + (e.getThrowableProxy() == null
                                ? ""
                                : "\n" + ThrowableProxyUtil.asString(e.getThrowableProxy())))
                .toList();
        assertThat(answers).hasSizeGreaterThan(20);
        assertThat(logLines).isNotEmpty();
        for (String f : forbidden) {
            assertThat(answers).as("answers").noneMatch(a -> a.contains(f));
            assertThat(logLines).as("log lines").noneMatch(l -> l.contains(f));
            assertThat(console.toString(StandardCharsets.UTF_8)).as("console").doesNotContain(f);
            assertThat(described).as("toString").noneMatch(d -> d.contains(f));
        }
    }

    private static OutputStream tee(OutputStream a, ByteArrayOutputStream b) {
        return new OutputStream() {
            @Override
            public void write(int c) {
                write(new byte[] {(byte) c}, 0, 1);
            }

            @Override
            public synchronized void write(byte[] buf, int off, int len) {
                try {
                    a.write(buf, off, len);
                } catch (java.io.IOException ignored) {
                    // the original console is best effort
                }
                b.write(buf, off, len);
            }
        };
    }
}
