package ai.oceum.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import ai.oceum.Oceum;
import ai.oceum.webhook.WebhookSignature;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Webhook signature verification with arbitrary input: it never throws, accepts the matching
 * HMAC-SHA256 (computed here independently with {@link Mac}) and nothing else.
 */
class WebhookSignatureProperties {

    @Provide
    Arbitrary<String> strings() {
        return HostileArbitraries.strings();
    }

    /** Signature-shaped strings: right length and alphabet, odd prefixes, whitespace, garbage. */
    @Provide
    Arbitrary<String> signatures() {
        Arbitrary<String> hex64 =
                Arbitraries.strings().withChars("0123456789abcdefABCDEF").ofLength(64);
        return Arbitraries.oneOf(
                hex64,
                hex64.map(h -> "sha256=" + h),
                hex64.map(h -> " " + h + "\n"),
                Arbitraries.strings()
                        .withChars("0123456789abcdefg\uD800\u0000")
                        .ofMinLength(63)
                        .ofMaxLength(65),
                HostileArbitraries.strings());
    }

    @Property(tries = 200)
    void verifyIsTrueExactlyForTheMatchingHmac(
            @ForAll("strings") String payload,
            @ForAll("signatures") String signature,
            @ForAll("strings") String secret) {
        boolean verified = Oceum.verifyWebhookSignature(payload, signature, secret);
        boolean matches = payload != null
                && secret != null
                && !secret.isEmpty()
                && signature != null
                && normalized(signature).equals(hmacHex(payload.getBytes(StandardCharsets.UTF_8), secret));
        assertThat(verified).isEqualTo(matches);
        boolean verifiedBytes = WebhookSignature.verify(
                payload == null ? null : payload.getBytes(StandardCharsets.UTF_8), signature, secret);
        assertThat(verifiedBytes).isEqualTo(matches);
    }

    @Property(tries = 200)
    void acceptsTheRightSignatureInEveryAllowedSpellingAndRejectsAnyChangedDigit(
            @ForAll("strings") String payload,
            @ForAll("strings") String secret,
            @ForAll @IntRange(min = 0, max = 63) int digit) {
        if (payload == null || secret == null || secret.isEmpty()) {
            assertThat(Oceum.verifyWebhookSignature(payload, "0".repeat(64), secret))
                    .isFalse();
            return;
        }
        String right = hmacHex(payload.getBytes(StandardCharsets.UTF_8), secret);
        assertThat(WebhookSignature.sign(payload, secret)).isEqualTo(right);
        assertThat(Oceum.verifyWebhookSignature(payload, right, secret)).isTrue();
        assertThat(Oceum.verifyWebhookSignature(payload, right.toUpperCase(Locale.ROOT), secret))
                .isTrue();
        assertThat(Oceum.verifyWebhookSignature(payload, "sha256=" + right, secret))
                .isTrue();

        char c = right.charAt(digit);
        String changed = right.substring(0, digit) + (c == '0' ? '1' : '0') + right.substring(digit + 1);
        assertThat(Oceum.verifyWebhookSignature(payload, changed, secret)).isFalse();
        assertThat(Oceum.verifyWebhookSignature(payload + "x", right, secret)).isFalse();
        assertThat(Oceum.verifyWebhookSignature(payload, right, secret + "x")).isFalse();
    }

    private static String normalized(String signature) {
        String s = signature.strip();
        return (s.startsWith("sha256=") ? s.substring(7) : s).toLowerCase(Locale.ROOT);
    }

    private static String hmacHex(byte[] payload, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(payload));
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }
}
