package ai.oceum.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import ai.oceum.Oceum;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** HMAC-SHA256 webhook signatures: known vectors, tampering, and input that is not a signature. */
class WebhookSignatureTest {
    private static final String PAYLOAD =
            "{\"event\":\"task.assigned\",\"agentId\":\"support-triage-v2\",\"taskId\":\"t_81\"}";
    private static final String SECRET = "whsec_3b1f9d7c2a";

    /** Computed independently of the code under test. */
    private static String expected(String payload, String secret) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void acceptsTheFixedRfc4231StyleVector() {
        // HMAC-SHA256("key", "The quick brown fox jumps over the lazy dog"), a widely published value.
        String sig = "f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8";
        assertThat(Oceum.verifyWebhookSignature("The quick brown fox jumps over the lazy dog", sig, "key"))
                .isTrue();
        assertThat(WebhookSignature.sign("The quick brown fox jumps over the lazy dog", "key"))
                .isEqualTo(sig);
    }

    @Test
    void acceptsSignaturesComputedWithTheJdkMac() throws Exception {
        for (String payload : new String[] {PAYLOAD, "", "ünïcødé ✓ \uD83D\uDE00", "x".repeat(10_000)}) {
            String sig = expected(payload, SECRET);
            assertThat(Oceum.verifyWebhookSignature(payload, sig, SECRET))
                    .as(payload)
                    .isTrue();
            assertThat(Oceum.verifyWebhookSignature(payload, sig.toUpperCase(Locale.ROOT), SECRET))
                    .isTrue();
            assertThat(Oceum.verifyWebhookSignature(payload, "sha256=" + sig, SECRET))
                    .isTrue();
            assertThat(WebhookSignature.verify(payload.getBytes(StandardCharsets.UTF_8), sig, SECRET))
                    .isTrue();
        }
    }

    @Test
    void rejectsATamperedPayloadOrTheWrongSecret() throws Exception {
        String sig = expected(PAYLOAD, SECRET);
        assertThat(Oceum.verifyWebhookSignature(PAYLOAD.replace("t_81", "t_82"), sig, SECRET))
                .isFalse();
        assertThat(Oceum.verifyWebhookSignature(PAYLOAD + " ", sig, SECRET)).isFalse();
        assertThat(Oceum.verifyWebhookSignature(PAYLOAD, sig, SECRET + "x")).isFalse();
        char[] flipped = sig.toCharArray();
        flipped[10] = flipped[10] == 'a' ? 'b' : 'a';
        assertThat(Oceum.verifyWebhookSignature(PAYLOAD, new String(flipped), SECRET))
                .isFalse();
    }

    @Test
    void rejectsTheWrongLengthAndNonHexWithoutThrowing() throws Exception {
        String sig = expected(PAYLOAD, SECRET);
        assertThat(Oceum.verifyWebhookSignature(PAYLOAD, sig.substring(2), SECRET))
                .isFalse();
        assertThat(Oceum.verifyWebhookSignature(PAYLOAD, sig + "00", SECRET)).isFalse();
        assertThat(Oceum.verifyWebhookSignature(PAYLOAD, "", SECRET)).isFalse();
        assertThat(Oceum.verifyWebhookSignature(PAYLOAD, "zz" + sig.substring(2), SECRET))
                .isFalse();
        assertThat(Oceum.verifyWebhookSignature(PAYLOAD, "g".repeat(64), SECRET))
                .isFalse();
        assertThat(Oceum.verifyWebhookSignature(PAYLOAD, "٣".repeat(64), SECRET))
                .isFalse();
    }

    @Test
    void acceptsOnlyAsciiHexDigits() throws Exception {
        // Character.digit reads Arabic-Indic and full-width digits as numbers: the right value
        // written with them is still not a hex signature.
        String sig = expected(PAYLOAD, SECRET);
        StringBuilder exotic = new StringBuilder();
        for (char c : sig.toCharArray()) {
            exotic.append(c >= '0' && c <= '9' ? (char) ('\u0660' + (c - '0')) : c);
        }
        assertThat(exotic.toString()).isNotEqualTo(sig);
        assertThat(Oceum.verifyWebhookSignature(PAYLOAD, exotic.toString(), SECRET))
                .isFalse();
    }

    @Test
    void nullsGiveFalseNeverAnException() throws Exception {
        String sig = expected(PAYLOAD, SECRET);
        assertThatCode(() -> {
                    assertThat(Oceum.verifyWebhookSignature(null, sig, SECRET)).isFalse();
                    assertThat(Oceum.verifyWebhookSignature(PAYLOAD, null, SECRET))
                            .isFalse();
                    assertThat(Oceum.verifyWebhookSignature(PAYLOAD, sig, null)).isFalse();
                    assertThat(Oceum.verifyWebhookSignature(PAYLOAD, sig, "")).isFalse();
                    assertThat(WebhookSignature.verify((byte[]) null, sig, SECRET))
                            .isFalse();
                })
                .doesNotThrowAnyException();
    }
}
