package ai.oceum.devserver;

import java.security.SecureRandom;
import java.util.Base64;

/** Makes local dev API keys: {@code odk_} and 32 random URL-safe characters. */
final class ApiKeys {
    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiKeys() {}

    static String generate() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return "odk_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
