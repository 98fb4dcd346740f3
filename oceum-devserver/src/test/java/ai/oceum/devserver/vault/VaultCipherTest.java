package ai.oceum.devserver.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.oceum.devserver.protocol.ApiError;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VaultCipherTest {
    private final VaultCipher cipher = new VaultCipher(new byte[32]);

    @Test
    void sealsAndOpensWithFreshNonces() {
        String a = cipher.seal("s3cret", "vtk_1");
        String b = cipher.seal("s3cret", "vtk_1");
        assertThat(a).isNotEqualTo(b).doesNotContain("s3cret");
        assertThat(cipher.open(a, "vtk_1")).isEqualTo("s3cret");
    }

    @Test
    void ciphertextIsBoundToItsTokenAndKey() {
        String sealed = cipher.seal("s3cret", "vtk_1");
        assertThatThrownBy(() -> cipher.open(sealed, "vtk_2"))
                .hasMessageContaining("cannot be decrypted")
                .hasMessageNotContaining("s3cret");
        byte[] other = new byte[32];
        other[0] = 1;
        assertThatThrownBy(() -> new VaultCipher(other).open(sealed, "vtk_1"))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void keyComesFromTheEnvironmentOrAKeyFileThatIsReused(@TempDir Path dir) {
        byte[] env = new byte[16];
        env[3] = 7;
        assertThat(VaultKeys.resolve(null, Base64.getEncoder().encodeToString(env), dir))
                .isEqualTo(env);
        byte[] first = VaultKeys.resolve(null, null, dir);
        assertThat(first).hasSize(32);
        assertThat(VaultKeys.resolve(null, null, dir)).isEqualTo(first);
        assertThatThrownBy(() -> VaultKeys.resolve(null, "not base64!", dir)).hasMessageContaining(VaultKeys.ENV);
    }

    @Test
    void injectionTemplatesAreParsedAndChecked() {
        InjectionTemplate h = InjectionTemplate.parse(null);
        assertThat(h.kind()).isEqualTo("header");
        assertThat(h.name()).isEqualTo("Authorization");
        assertThat(h.value("abc")).isEqualTo("Bearer abc");
        InjectionTemplate q = InjectionTemplate.parse("query:key:{{secret}}");
        assertThat(q.applyToUrl("https://api.x.com/a?b=1", "p&q")).isEqualTo("https://api.x.com/a?b=1&key=p%26q");
        assertThatThrownBy(() -> InjectionTemplate.parse("header:X-Key:static"))
                .isInstanceOf(ApiError.class)
                .hasMessageContaining("{{secret}}");
        assertThatThrownBy(() -> InjectionTemplate.parse("cookie:a:{{secret}}"))
                .hasMessageContaining("'header' or 'query'");
    }

    @Test
    void ttlsFollowTheReferenceValues() {
        assertThat(VaultTtl.parse("1h")).hasHours(1);
        assertThat(VaultTtl.parse("7d")).hasDays(7);
        assertThat(VaultTtl.parse(null)).hasDays(30);
        assertThat(VaultTtl.parse("permanent")).isNull();
        assertThatThrownBy(() -> VaultTtl.parse("forever")).hasMessageContaining("1h, 6h, 24h, 7d, 30d, permanent");
    }
}
