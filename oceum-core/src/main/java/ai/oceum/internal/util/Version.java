package ai.oceum.internal.util;

import java.io.InputStream;
import java.util.Properties;

/** The SDK's version, read once from the jar's filtered resource. */
public final class Version {
    private static final String VERSION = load();

    private Version() {}

    /** For example {@code 0.1.0}; {@code unknown} when the resource is missing. */
    public static String get() {
        return VERSION;
    }

    /** The User-Agent header value. */
    public static String userAgent() {
        return "oceum-java/" + VERSION;
    }

    private static String load() {
        try (InputStream in = Version.class.getResourceAsStream("/ai/oceum/oceum-version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version", "unknown");
            return v.startsWith("${") ? "unknown" : v;
        } catch (Exception e) {
            return "unknown";
        }
    }
}
