package com.example.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** README: "on a terminal the demo stays open until Enter or Ctrl-C; without one, as in CI, it exits". */
class DemoEndingTest {
    private static final Duration DEMO_DEADLINE = Duration.ofSeconds(120);

    @Test
    void aTerminalKeepsTheLocalDashboardUntilEnterAndNothingElseDoes() {
        assertThat(Ending.choose(false, true, true)).isEqualTo(Ending.UNTIL_ENTER);
        assertThat(Ending.choose(true, true, true)).isEqualTo(Ending.UNTIL_ENTER);
        assertThat(Ending.choose(false, false, true)).isEqualTo(Ending.EXIT);
        assertThat(Ending.choose(true, false, true)).isEqualTo(Ending.UNTIL_CTRL_C);
        // Reporting to an Oceum named by OCEUM_BASE_URL: its dashboard does not depend on this process.
        assertThat(Ending.choose(false, true, false)).isEqualTo(Ending.EXIT);
        assertThat(Ending.choose(true, true, false)).isEqualTo(Ending.UNTIL_CTRL_C);
    }

    @Test
    @Timeout(180)
    void onATerminalTheDashboardStaysUpUntilEnter() throws Exception {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);
        PipedOutputStream keyboard = new PipedOutputStream();
        InputStream in = new PipedInputStream(keyboard);
        CompletableFuture<Integer> demo = CompletableFuture.supplyAsync(() -> {
            try {
                return new Demo(out, in, true).run(List.of());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });

        await().atMost(DEMO_DEADLINE)
                .until(() -> buffer.toString(StandardCharsets.UTF_8).contains("press Enter"));
        String dashboard = dashboardUrl(buffer.toString(StandardCharsets.UTF_8));
        assertThat(get(dashboard)).isEqualTo(200);
        assertThat(demo).isNotDone();
        // The printed trace link opens one reply's run: the page, and its tree behind it.
        Matcher trace = Pattern.compile("trace         (http://\\S+/trace\\?(\\S+))")
                .matcher(buffer.toString(StandardCharsets.UTF_8));
        assertThat(trace.find()).isTrue();
        assertThat(get(trace.group(1))).isEqualTo(200);
        String tree = body(dashboard + "api/trace?" + trace.group(2));
        assertThat(tree)
                .contains("\"name\":\"reply-to-ticket\"")
                .contains("\"name\":\"review-loop\"")
                .contains("\"name\":\"tone-check\"")
                .contains("\"tasks\":11,")
                .contains("\"running\":0,");

        keyboard.write('\n');
        keyboard.flush();

        assertThat(demo.get(30, TimeUnit.SECONDS)).isZero();
        assertThatThrownBy(() -> get(dashboard)).isInstanceOf(IOException.class); // the dev server is closed
    }

    @Test
    @Timeout(180)
    void withoutATerminalTheDemoExitsOnItsOwn() throws Exception {
        // The real main(): standard input and output are pipes here, so System.console() finds no terminal.
        ProcessBuilder builder = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        Demo.class.getName())
                .redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith("OCEUM_") || name.startsWith("OPENAI_"));
        Process process = builder.start();
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        Thread reader = new Thread(() -> copy(process.getInputStream(), output), "demo-output");
        reader.start();
        try (OutputStream keyboard = process.getOutputStream()) {
            // Standard input stays open and silent: the demo must not be waiting on it.
            boolean exited = process.waitFor(DEMO_DEADLINE.toSeconds(), TimeUnit.SECONDS);
            reader.join(TimeUnit.SECONDS.toMillis(10));
            String printed = output.toString(StandardCharsets.UTF_8);
            assertThat(exited)
                    .as("the demo exited without a terminal; it printed:%n%s", printed)
                    .isTrue();
            assertThat(process.exitValue()).as(printed).isZero();
            assertThat(printed)
                    .contains("Summary")
                    .contains("dashboard     http://127.0.0.1:")
                    .doesNotContain("press Enter");
        } finally {
            process.destroyForcibly();
        }
    }

    private static String dashboardUrl(String printed) {
        Matcher m = Pattern.compile("dashboard: (http://\\S+)").matcher(printed);
        assertThat(m.find()).as(printed).isTrue();
        return m.group(1);
    }

    private static int get(String url) throws IOException, InterruptedException {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(url))
                                .timeout(Duration.ofSeconds(5))
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    private static String body(String url) throws IOException, InterruptedException {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(url))
                                .timeout(Duration.ofSeconds(5))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }

    private static void copy(InputStream in, ByteArrayOutputStream out) {
        try {
            in.transferTo(out);
        } catch (IOException ignored) {
            // The process ended.
        }
    }
}
