package ai.oceum.devserver.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PriceTableTest {
    @TempDir
    Path dir;

    @Test
    void pricesCommonModelsOfEachProvider() {
        PriceTable t = PriceTable.defaults();
        assertThat(t.find("gpt-4o").orElseThrow().costUsd(1_000_000, 1_000_000)).isEqualByComparingTo("12.5");
        assertThat(t.find("claude-3-5-haiku").orElseThrow().costUsd(1_000_000, 0))
                .isEqualByComparingTo("0.8");
        assertThat(t.find("gemini-2.5-flash").orElseThrow().costUsd(0, 1_000_000))
                .isEqualByComparingTo("2.5");
    }

    @Test
    void matchesDatedNamesByTheLongestPrefixCaseInsensitively() {
        PriceTable t = PriceTable.defaults();
        assertThat(t.find("GPT-4o-mini-2024-07-18")).isEqualTo(t.find("gpt-4o-mini"));
        assertThat(t.find("gpt-4o-2024-08-06")).isEqualTo(t.find("gpt-4o"));
        assertThat(t.find("openai/gpt-4.1-nano")).isEqualTo(t.find("gpt-4.1-nano"));
        assertThat(t.find("my-local-model")).isEmpty();
        assertThat(t.find(null)).isEmpty();
    }

    @Test
    void costIsExactForSmallCalls() {
        assertThat(PriceTable.defaults().find("gpt-4o-mini").orElseThrow().costUsd(1234, 567))
                .isEqualByComparingTo("0.0005253");
    }

    @Test
    void costsAreExactDecimalsThatAddUpWithoutBinaryNoise() {
        ModelPrice mini = PriceTable.defaults().find("gpt-4o-mini").orElseThrow();
        // As doubles, 0.000021 + 0.0000366 is 0.000057600000000000004.
        assertThat(mini.costUsd(100, 10).add(mini.costUsd(100, 36)).toPlainString())
                .isEqualTo("0.0000576");
        assertThat(mini.costUsd(0, 0).toPlainString()).isEqualTo("0");
    }

    @Test
    void aJsonFileOverridesAndAdds() throws Exception {
        Path f = dir.resolve("prices.json");
        Files.writeString(
                f, "{\"gpt-4o\": {\"input\": 1, \"output\": 2}, \"my-llama\": {\"input\": 0.01, \"output\": 0.02}}");
        PriceTable t = PriceTable.withOverrides(f, new ObjectMapper());
        assertThat(t.find("gpt-4o").orElseThrow().costUsd(1_000_000, 1_000_000)).isEqualByComparingTo("3.0");
        assertThat(t.find("my-llama")).isPresent();
        assertThat(t.find("claude-3-haiku")).isPresent();
    }

    @Test
    void aPropertiesFileOverrides() throws Exception {
        Path f = dir.resolve("prices.properties");
        Files.writeString(f, "# mine\ngpt-4o = 5, 15\n");
        assertThat(PriceTable.withOverrides(f, new ObjectMapper())
                        .find("gpt-4o")
                        .orElseThrow()
                        .costUsd(1_000_000, 0))
                .isEqualByComparingTo("5.0");
    }

    @Test
    void badFilesAreNamedInTheError() throws Exception {
        Path f = dir.resolve("bad.properties");
        Files.writeString(f, "gpt-4o=cheap\n");
        assertThatThrownBy(() -> PriceTable.withOverrides(f, new ObjectMapper()))
                .hasMessageContaining("bad.properties")
                .hasMessageContaining("gpt-4o");
        Path j = dir.resolve("bad.json");
        Files.writeString(j, "{\"gpt-4o\": {\"input\": 1}}");
        assertThatThrownBy(() -> PriceTable.withOverrides(j, new ObjectMapper()))
                .hasMessageContaining("\"output\"");
    }
}
