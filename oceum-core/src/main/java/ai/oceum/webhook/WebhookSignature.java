package ai.oceum.webhook;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies the HMAC-SHA256 signature Oceum puts on the webhooks it sends (header
 * {@code X-Oceum-Signature}): lowercase or uppercase hex of HMAC-SHA256(secret, raw body).
 *
 * <p>Stateless and thread-safe.
 */
public final class WebhookSignature {
    /** The header the reference SDK documents for the signature. */
    public static final String HEADER = "X-Oceum-Signature";

    private static final int HEX_LENGTH = 64;

    private WebhookSignature() {}

    /**
     * True when {@code signature} is the HMAC-SHA256 of {@code payload} (UTF-8) under
     * {@code secret}. Compares in constant time; returns false, never throws, for null input,
     * a signature of the wrong length, or non-hex characters.
     */
    public static boolean verify(String payload, String signature, String secret) {
        if (payload == null || signature == null || secret == null || secret.isEmpty()) {
            return false;
        }
        return verify(payload.getBytes(StandardCharsets.UTF_8), signature, secret);
    }

    /** As {@link #verify(String, String, String)}, for a raw body in bytes. */
    public static boolean verify(byte[] payload, String signature, String secret) {
        if (payload == null || signature == null || secret == null || secret.isEmpty()) {
            return false;
        }
        String sig = signature.strip();
        if (sig.startsWith("sha256=")) {
            sig = sig.substring(7);
        }
        byte[] given = decodeHex(sig);
        if (given == null) {
            return false;
        }
        return MessageDigest.isEqual(hmac(payload, secret), given);
    }

    /** The lowercase hex signature of {@code payload} under {@code secret} (for tests and senders). */
    public static String sign(String payload, String secret) {
        byte[] mac = hmac(payload.getBytes(StandardCharsets.UTF_8), secret);
        StringBuilder b = new StringBuilder(HEX_LENGTH);
        for (byte x : mac) {
            b.append(Character.forDigit((x >> 4) & 0xf, 16)).append(Character.forDigit(x & 0xf, 16));
        }
        return b.toString();
    }

    private static byte[] hmac(byte[] payload, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(payload);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    }

    private static byte[] decodeHex(String s) {
        if (s.length() != HEX_LENGTH) {
            return null;
        }
        byte[] out = new byte[HEX_LENGTH / 2];
        for (int i = 0; i < out.length; i++) {
            int hi = hexValue(s.charAt(2 * i));
            int lo = hexValue(s.charAt(2 * i + 1));
            if (hi < 0 || lo < 0) {
                return null;
            }
            out[i] = (byte) ((hi << 4) | lo);
        }
        return out;
    }

    /** ASCII hex only: {@link Character#digit} would also read Arabic-Indic or full-width digits. */
    private static int hexValue(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }
}
