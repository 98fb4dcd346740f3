package ai.oceum.devserver.vault;

import ai.oceum.devserver.protocol.ApiError;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses a vault ttl: {@code 1h}, {@code 6h}, {@code 24h}, {@code 7d}, {@code 30d} (any {@code <n>m|h|d}) or {@code permanent}. */
final class VaultTtl {
    /** The ttl when none is given. */
    static final String DEFAULT = "30d";

    private static final Pattern AMOUNT = Pattern.compile("(\\d{1,6})([mhd])");

    private VaultTtl() {}

    /** The lifetime, or null for {@code permanent}. */
    static Duration parse(String ttl) {
        String t = ttl == null || ttl.isBlank() ? DEFAULT : ttl.strip().toLowerCase(Locale.ROOT);
        if (t.equals("permanent")) {
            return null;
        }
        Matcher m = AMOUNT.matcher(t);
        if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
            throw ApiError.badRequest(
                    "ttl must be one of 1h, 6h, 24h, 7d, 30d, permanent (or <n>m, <n>h, <n>d), was '" + ttl + "'");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }
}
