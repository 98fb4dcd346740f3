package ai.oceum.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.oceum.ErrorReport;
import ai.oceum.Oceum;
import ai.oceum.testing.LogCapture;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What framework adapters use of the core (docs/architecture.md), through its public shape. */
class IntegrationPackageTest {

    @Test
    void aConfigurationSourceFeedsTheBuilderAndSaysWhetherAKeyIsSet() {
        Map<String, String> props = new HashMap<>(Map.of(
                "OCEUM_API_KEY",
                "oc_test_key",
                "OCEUM_AGENT_ID",
                "from-props",
                "OCEUM_BASE_URL",
                "https://oceum-test.invalid",
                "OCEUM_SHUTDOWN_HOOK",
                "false"));
        ConfigurationSource source = ConfigurationSource.of(props);
        props.put("OCEUM_AGENT_ID", "changed later"); // copied

        assertThat(source.isConfigured()).isTrue();
        assertThat(ConfigurationSource.of(Map.of("OCEUM_API_KEY", " ")).isConfigured())
                .isFalse();
        assertThat(ConfigurationSource.none().isConfigured()).isFalse();
        try (Oceum oceum = Oceum.builder().configurationSource(source).build()) {
            assertThat(oceum.isEnabled()).isTrue();
            assertThat(oceum.agentId()).isEqualTo("from-props");
        }
    }

    @Test
    void aWrongValueFailsTheBuildNamingTheOptionAsForTheEnvironment() {
        ConfigurationSource source = ConfigurationSource.of(
                Map.of("OCEUM_API_KEY", "oc_test_key", "OCEUM_AGENT_ID", "a", "OCEUM_QUEUE_CAPACITY", "lots"));
        assertThatThrownBy(() -> Oceum.builder().configurationSource(source).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("OCEUM_QUEUE_CAPACITY")
                .hasMessageContaining("'lots'");
        assertThat(ConfigurationSource.parseDuration("x", "1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(ConfigurationSource.parseBytes("x", "64m")).isEqualTo(64L * 1024 * 1024);
        assertThat(ConfigurationSource.propertyName("OCEUM_SPOOL_DIR")).isEqualTo("oceum.spool.dir");
    }

    @Test
    void orElseFallsBackForWhatIsUnsetOrBlank() {
        ConfigurationSource first = ConfigurationSource.of(Map.of("A", "1", "B", " "));
        ConfigurationSource both = first.orElse(ConfigurationSource.of(Map.of("B", "2", "C", "3")));
        assertThat(both.get("A")).isEqualTo("1");
        assertThat(both.get("B")).isEqualTo("2");
        assertThat(both.get("C")).isEqualTo("3");
        assertThat(both.get("D")).isNull();
    }

    @Test
    @SuppressWarnings("unchecked")
    void exceptionTextHasTheCoresShapeAndLimits() {
        ExceptionText.Builder b = ExceptionText.builder("java.io.IOException")
                .message("disk full")
                .stackTrace("x".repeat(ExceptionText.MAX_STACK_TRACE + 500));
        for (int i = 0; i < ExceptionText.MAX_CHAIN + 5; i++) {
            b.cause("java.lang.IllegalStateException", "cause " + i);
        }
        b.suppressed("java.lang.RuntimeException", "while closing");
        ExceptionText text = b.build();

        Map<String, Object> f = text.fields();
        assertThat(f).containsKeys("type", "message", "stackTrace", "causes", "suppressed");
        assertThat(f.get("type")).isEqualTo("java.io.IOException");
        assertThat((String) f.get("stackTrace"))
                .isEqualTo("x".repeat(ExceptionText.MAX_STACK_TRACE) + "…[truncated 500 chars]");
        assertThat((List<Object>) f.get("causes")).hasSize(ExceptionText.MAX_CHAIN);
        assertThatThrownBy(() -> f.put("x", 1)).isInstanceOf(UnsupportedOperationException.class);

        ErrorReport report = text.toReport("upload failed", Map.of("logger", "com.acme.Uploader"))
                .build();
        assertThat(report.message()).isEqualTo("upload failed");
        assertThat(report.meta()).containsEntry("logger", "com.acme.Uploader").containsEntry(ExceptionText.META_KEY, f);
        assertThat(ExceptionText.builder(null).build().fields())
                .containsEntry("type", "unknown")
                .doesNotContainKeys("causes", "suppressed");
    }

    @Test
    void diagnosticsWarnOncePerKindPerInterval() {
        Diagnostics log = Diagnostics.forLogger("ai.oceum.integration-test", Duration.ofHours(1));
        try (LogCapture logs = LogCapture.start()) {
            for (int i = 0; i < 5; i++) {
                log.ignored("Oceum Test listener", "onResponse", new IllegalStateException("bug " + i));
            }
            log.warn("other", "another kind");
            assertThat(logs.warnings())
                    .containsExactly(
                            "Oceum Test listener failed in onResponse and ignored it: java.lang.IllegalStateException: bug 0",
                            "another kind");
        }
        assertThatThrownBy(() -> Diagnostics.rethrowIfFatal(new OutOfMemoryError("test")))
                .isInstanceOf(OutOfMemoryError.class);
        Diagnostics.rethrowIfFatal(new StackOverflowError()); // a deep application stack: swallowed
        assertThatThrownBy(() -> log.ignored("c", "w", new InternalError("jvm")))
                .isInstanceOf(InternalError.class);
    }
}
