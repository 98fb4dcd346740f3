package ai.oceum.internal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Parsing of the values an operator writes in environment variables and system properties. */
class ConfigSourceTest {

    @Test
    void namesTheSystemPropertyOfAnEnvironmentVariable() {
        assertThat(ConfigSource.propertyName("OCEUM_SPOOL_DIR")).isEqualTo("oceum.spool.dir");
    }

    @Test
    void aBlankPropertyFallsBackToTheEnvironmentAndBlankMeansUnset() {
        ConfigSource s = new ConfigSource(
                Map.of("oceum.agent.id", " ")::get, Map.of("OCEUM_AGENT_ID", " env ", "OCEUM_BASE_URL", "  ")::get);
        assertThat(s.get("OCEUM_AGENT_ID")).isEqualTo("env");
        assertThat(s.get("OCEUM_BASE_URL")).isNull();
        assertThat(s.get("OCEUM_MISSING")).isNull();
    }

    @Test
    void parsesDurationsInEveryDocumentedForm() {
        assertThat(ConfigSource.parseDuration("d", "500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(ConfigSource.parseDuration("d", "5s")).isEqualTo(Duration.ofSeconds(5));
        assertThat(ConfigSource.parseDuration("d", "1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(ConfigSource.parseDuration("d", "2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(ConfigSource.parseDuration("d", "1h")).isEqualTo(Duration.ofHours(1));
        assertThat(ConfigSource.parseDuration("d", "PT5S")).isEqualTo(Duration.ofSeconds(5));
        assertThat(ConfigSource.parseDuration("d", "pt0.25s")).isEqualTo(Duration.ofMillis(250));
        assertThat(ConfigSource.parseDuration("d", "750")).isEqualTo(Duration.ofMillis(750));
        assertThatThrownBy(() -> ConfigSource.parseDuration("OCEUM_X", "5 minutes"))
                .hasMessage("OCEUM_X must be a duration such as 500ms, 5s, 2m or PT5S, was '5 minutes'");
    }

    @Test
    void parsesSizesInBinaryUnits() {
        assertThat(ConfigSource.parseBytes("b", "1048576")).isEqualTo(1L << 20);
        assertThat(ConfigSource.parseBytes("b", "512k")).isEqualTo(512L << 10);
        assertThat(ConfigSource.parseBytes("b", "64m")).isEqualTo(64L << 20);
        assertThat(ConfigSource.parseBytes("b", "64MiB")).isEqualTo(64L << 20);
        assertThat(ConfigSource.parseBytes("b", "1g")).isEqualTo(1L << 30);
        assertThatThrownBy(() -> ConfigSource.parseBytes("OCEUM_SPOOL_MAX_BYTES", "lots"))
                .hasMessageContaining("OCEUM_SPOOL_MAX_BYTES must be a size");
        assertThatThrownBy(() -> ConfigSource.parseBytes("b", "99999999999g")).hasMessageContaining("must be a size");
    }

    @Test
    void parsesBooleansLeniently() {
        ConfigSource s = ConfigSource.ofEnvironment(Map.of("A", "YES", "B", "0", "C", "On"));
        assertThat(s.getBoolean("A")).isTrue();
        assertThat(s.getBoolean("B")).isFalse();
        assertThat(s.getBoolean("C")).isTrue();
        assertThat(s.getBoolean("D")).isNull();
    }
}
