package ai.oceum.devserver.vault;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals vault secrets with AES-GCM: a fresh 96-bit nonce per secret, a 128-bit tag, and the
 * token as associated data, so a ciphertext copied onto another token's row fails to open.
 * The stored form is base64 of {@code nonce || ciphertext+tag}.
 */
public final class VaultCipher {
    private static final String ALGORITHM = "AES/GCM/NoPadding";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKey key;
    private final SecureRandom random = new SecureRandom();

    /** A cipher with a 128-, 192- or 256-bit AES key. */
    public VaultCipher(byte[] key) {
        if (key == null || (key.length != 16 && key.length != 24 && key.length != 32)) {
            throw new IllegalArgumentException("the vault key must be 16, 24 or 32 bytes (AES-128/192/256)");
        }
        this.key = new SecretKeySpec(key, "AES");
    }

    /** Encrypts {@code secret}, bound to {@code token}. */
    public String seal(String secret, String token) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance(ALGORITHM);
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(token.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder()
                    .encodeToString(ByteBuffer.allocate(nonce.length + sealed.length)
                            .put(nonce)
                            .put(sealed)
                            .array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(
                    "AES-GCM encryption failed: " + e.getClass().getSimpleName(), e);
        }
    }

    /**
     * Decrypts what {@link #seal} made for {@code token}.
     *
     * @throws IllegalStateException when the key is wrong or the data was altered (message has no data)
     */
    public String open(String stored, String token) {
        try {
            byte[] all = Base64.getDecoder().decode(stored);
            Cipher cipher = Cipher.getInstance(ALGORITHM);
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, all, 0, NONCE_BYTES));
            cipher.updateAAD(token.getBytes(StandardCharsets.UTF_8));
            return new String(cipher.doFinal(all, NONCE_BYTES, all.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException(
                    "the vault entry cannot be decrypted: wrong vault key "
                            + "(OCEUM_DEVSERVER_VAULT_KEY or vault.key changed?) or altered data",
                    e);
        }
    }
}
