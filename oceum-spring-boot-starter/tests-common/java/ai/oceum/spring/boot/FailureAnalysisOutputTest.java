package ai.oceum.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.oceum.testing.TestClients;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;

/** The failure analyzer is registered: a real application prints Boot's report for a refused value. */
@ExtendWith(OutputCaptureExtension.class)
class FailureAnalysisOutputTest {

    @Test
    void aRefusedValuePrintsBootsFailureReportNamingThePropertyAndTheFix(CapturedOutput output) {
        assertThatThrownBy(() -> new SpringApplicationBuilder(App.class)
                        .web(WebApplicationType.NONE)
                        .properties(
                                "oceum.api-key=" + TestClients.API_KEY, "oceum.agent-id=bad", "oceum.max-in-flight=100")
                        .run())
                .isNotNull();
        assertThat(output)
                .contains(
                        "APPLICATION FAILED TO START",
                        "Invalid Oceum configuration: property 'oceum.max-in-flight'",
                        "between 1 and 64",
                        "OCEUM_MAX_IN_FLIGHT")
                .doesNotContain(TestClients.API_KEY);
    }

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration(OceumAutoConfiguration.class)
    static class App {}
}
