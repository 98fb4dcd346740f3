package ai.oceum.logback;

import static org.assertj.core.api.Assertions.assertThat;

import ai.oceum.testing.OceumExtension;
import ai.oceum.testing.TestReceiver;
import ai.oceum.testing.TestReceiver.Recorded;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.status.Status;
import ch.qos.logback.core.util.StatusPrinter2;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The API key never reaches Logback's status output. Joran records each substituted variable as
 * {@code value "<value>" substituted for "${VAR}"}, and Logback prints the whole status list at
 * startup when any status is a warning or an error (or as it goes with {@code debug="true"}).
 */
class ApiKeyStatusTest {
    /** Long and random enough not to appear in a status by chance. */
    private static final String KEY = "odk_status_7c2e91b04f5a4d38b6e1";

    @RegisterExtension
    final OceumExtension kit = OceumExtension.create();

    private final TestReceiver receiver = kit.receiver();
    private LoggerContext context;

    @BeforeEach
    void setKey() {
        // The appender's own fallback for the environment variable.
        System.setProperty("oceum.api.key", KEY);
    }

    /** Runs before the kit closes the receiver. */
    @AfterEach
    void stop() {
        if (context != null) {
            context.stop();
        }
        System.clearProperty("oceum.api.key");
    }

    /** Loads {@code resource} as a deployment would: OCEUM_API_KEY is defined, so Joran substitutes it. */
    private void load(String resource, String minimumLevel) {
        context = LogbackConfig.load(
                resource,
                Map.of("OCEUM_API_KEY", KEY, "oceum.test.url", receiver.baseUrl(), "oceum.test.level", minimumLevel));
    }

    /** What Logback prints at startup: the whole list, but only when a status is a warning or an error. */
    private String printedAtStartup() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StatusPrinter2 printer = new StatusPrinter2();
        printer.setPrintStream(new PrintStream(out, true, StandardCharsets.UTF_8));
        printer.printInCaseOfErrorsOrWarnings(context);
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Every status kept, messages and throwables: what {@code debug="true"} would show. */
    private String everyStatus() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StatusPrinter2 printer = new StatusPrinter2();
        printer.setPrintStream(new PrintStream(out, true, StandardCharsets.UTF_8));
        printer.print(context);
        return out.toString(StandardCharsets.UTF_8);
    }

    private Recorded oneErrorSent() {
        context.getLogger("app.Checkout").error("order o-1 failed");
        List<Recorded> errors = receiver.awaitEvents("error", 1, Duration.ofSeconds(10));
        assertThat(errors).hasSize(1);
        return errors.get(0);
    }

    @Test
    void withoutApiKeyTheAppenderSendsWithTheEnvironmentsKeyAndNoStatusHoldsIt() {
        load("oceum-key-from-environment.xml", "ERROR");

        assertThat(oneErrorSent().header("Authorization")).isEqualTo("Bearer " + KEY);
        assertThat(LogbackConfig.statuses(context, Status.WARN)).isEmpty();
        assertThat(everyStatus()).contains("OceumAppender").doesNotContain(KEY);
    }

    @Test
    void aTypoPrintsTheStatusAtStartupWithoutTheKey() {
        load("oceum-key-from-environment.xml", "EROR");

        assertThat(printedAtStartup())
                .contains("minimumLevel 'EROR' is not a level")
                .doesNotContain(KEY);
        assertThat(everyStatus()).doesNotContain(KEY);
    }

    @Test
    void aKeyGivenInTheXmlIsWarnedAboutAndTakenOutOfWhatLogbackPrints() {
        load("oceum-key-in-xml.xml", "EROR");

        String printed = printedAtStartup();
        assertThat(printed)
                .contains("remove <apiKey> from the configuration and set the OCEUM_API_KEY environment variable")
                // Joran's own line is still there, without the value it substituted.
                .contains("value \"" + StatusRedaction.MARK + "\" substituted for \"${OCEUM_API_KEY}\"")
                .doesNotContain(KEY);
        assertThat(everyStatus()).doesNotContain(KEY);
    }

    @Test
    void aKeyGivenInTheXmlStillWorks() {
        load("oceum-key-in-xml.xml", "ERROR");

        assertThat(oneErrorSent().header("Authorization")).isEqualTo("Bearer " + KEY);
        assertThat(LogbackConfig.statuses(context, Status.WARN))
                .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                .contains("remove <apiKey>")
                .doesNotContain(KEY);
        assertThat(printedAtStartup()).contains("remove <apiKey>").doesNotContain(KEY);
    }
}
