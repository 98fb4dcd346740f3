package com.example.readme;

import static org.assertj.core.api.Assertions.assertThat;

import ai.oceum.testing.TestReceiver;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import ch.qos.logback.core.status.Status;
import ch.qos.logback.core.util.StatusPrinter2;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * README's logback.xml ({@code readme/logback.xml}), loaded through Joran as an application's
 * would be. The deployment has OCEUM_API_KEY in its environment; the appender reads it through
 * {@code -Doceum.api.key} here, and the same key is a context property, which Joran would
 * substitute for any {@code ${OCEUM_API_KEY}} exactly as it would the variable.
 */
class ReadmeLogbackTest {
    private static final String RESOURCE = "readme/logback.xml";
    /** Long and random enough not to appear in a status by chance. */
    private static final String KEY = "odk_readme_4e7b2a91c05d48f3a6d2";

    private TestReceiver receiver;
    private LoggerContext context;

    @BeforeEach
    void start() {
        receiver = TestReceiver.start();
        System.setProperty("oceum.api.key", KEY);
        System.setProperty("oceum.base.url", receiver.baseUrl());
    }

    @AfterEach
    void stop() {
        if (context != null) {
            context.stop();
        }
        receiver.close();
        System.clearProperty("oceum.api.key");
        System.clearProperty("oceum.base.url");
    }

    @Test
    void theReadmeConfigurationSendsErrorLogsWithTheKeyFromTheEnvironment() {
        load(readme());

        context.getLogger("com.example.Checkout").error("order {} failed", "o-1", new IllegalStateException("card declined"));

        JsonNode error = receiver.awaitEvents("error", 1, Duration.ofSeconds(10)).get(0).json();
        assertThat(error.path("agentId").asText()).isEqualTo("support-triage-v2");
        assertThat(error.path("data").path("message").asText()).isEqualTo("order o-1 failed");
        assertThat(receiver.requests().get(0).header("Authorization")).isEqualTo("Bearer " + KEY);
        // A whole file: every appender it refers to exists, nothing to warn about.
        assertThat(statuses(Status.WARN)).isEmpty();
        assertThat(everyStatus()).doesNotContain(KEY);
    }

    @Test
    void aTypoInTheReadmeConfigurationPrintsTheStatusWithoutTheKey() {
        String typo = readme().replace("<minimumLevel>ERROR</minimumLevel>", "<minimumLevel>EROR</minimumLevel>");
        assertThat(typo).isNotEqualTo(readme());
        load(typo);

        assertThat(printedAtStartup()).contains("minimumLevel 'EROR' is not a level").doesNotContain(KEY);
        assertThat(everyStatus()).doesNotContain(KEY);
    }

    @Test
    void aBadBaseUrlPrintsTheStatusWithoutTheKey() {
        System.setProperty("oceum.base.url", "http://oceum.example.com"); // plain http to a remote host: refused
        load(readme());

        assertThat(printedAtStartup()).contains("OceumAppender [OCEUM]").doesNotContain(KEY);
        assertThat(statuses(Status.ERROR)).isNotEmpty();
        assertThat(everyStatus()).doesNotContain(KEY);
    }

    private static String readme() {
        try (InputStream in = ReadmeLogbackTest.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void load(String xml) {
        context = new LoggerContext();
        context.setName("readme");
        Map.of("OCEUM_API_KEY", KEY).forEach(context::putProperty);
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        try {
            configurator.doConfigure(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        } catch (JoranException e) {
            throw new IllegalStateException(everyStatus(), e);
        }
    }

    private List<String> statuses(int level) {
        return context.getStatusManager().getCopyOfStatusList().stream().filter(s -> s.getLevel() == level)
                .map(Status::getMessage).toList();
    }

    /** What Logback prints at startup: the whole list, when a status is a warning or an error. */
    private String printedAtStartup() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StatusPrinter2 printer = new StatusPrinter2();
        printer.setPrintStream(new PrintStream(out, true, StandardCharsets.UTF_8));
        printer.printInCaseOfErrorsOrWarnings(context);
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Every status kept: what {@code debug="true"} would show. */
    private String everyStatus() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StatusPrinter2 printer = new StatusPrinter2();
        printer.setPrintStream(new PrintStream(out, true, StandardCharsets.UTF_8));
        printer.print(context);
        return out.toString(StandardCharsets.UTF_8);
    }
}
