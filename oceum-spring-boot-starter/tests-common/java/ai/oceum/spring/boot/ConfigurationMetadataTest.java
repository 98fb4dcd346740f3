package ai.oceum.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.net.URL;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The jar carries Boot's configuration metadata, so IDEs complete and document every property. */
class ConfigurationMetadataTest {

    @Test
    void everyPropertyIsDescribed_withItsDefault() throws Exception {
        Map<String, JsonNode> properties = new HashMap<>();
        for (URL url : Collections.list(
                getClass().getClassLoader().getResources("META-INF/spring-configuration-metadata.json"))) {
            try (InputStream in = url.openStream()) {
                for (JsonNode p : new ObjectMapper().readTree(in).path("properties")) {
                    if (p.path("name").asText().startsWith("oceum.")) {
                        properties.put(p.path("name").asText(), p);
                    }
                }
            }
        }
        assertThat(properties.keySet())
                .contains(
                        "oceum.api-key",
                        "oceum.agent-id",
                        "oceum.base-url",
                        "oceum.enabled",
                        "oceum.spool-dir",
                        "oceum.spool-max-bytes",
                        "oceum.queue-capacity",
                        "oceum.close-timeout",
                        "oceum.heartbeat.enabled",
                        "oceum.heartbeat.interval",
                        "oceum.logging.enabled",
                        "oceum.logging.minimum-level",
                        "oceum.logging.mdc-keys",
                        "oceum.agent-task.enabled",
                        "oceum.langchain4j.include-content",
                        "oceum.health.grace-period",
                        "oceum.health.failure-status",
                        "oceum.metrics.enabled",
                        "oceum.observation.enabled",
                        "oceum.spring-ai.enabled",
                        "oceum.spring-ai.include-content",
                        "oceum.spring-ai.max-content-length");
        assertThat(properties.values())
                .allSatisfy(p -> assertThat(p.path("description").asText())
                        .as(p.path("name").asText())
                        .isNotBlank());
        assertThat(properties.get("oceum.queue-capacity").path("defaultValue").asInt())
                .isEqualTo(10_000);
        assertThat(properties
                        .get("oceum.logging.minimum-level")
                        .path("defaultValue")
                        .asText())
                .isEqualTo("ERROR");
        assertThat(properties.get("oceum.close-timeout").path("defaultValue").asText())
                .isEqualTo("5s");
        assertThat(properties
                        .get("oceum.spring-ai.enabled")
                        .path("defaultValue")
                        .asBoolean())
                .isTrue();
    }
}
