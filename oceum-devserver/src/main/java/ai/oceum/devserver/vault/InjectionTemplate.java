package ai.oceum.devserver.vault;

import ai.oceum.devserver.protocol.ApiError;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * How the vault proxy puts the secret into the outgoing request:
 * {@code header:<Name>:<value>} (default {@value #DEFAULT}) or {@code query:<param>:<value>},
 * where {@code <value>} contains {@code {{secret}}}.
 *
 * @param kind {@code header} or {@code query}
 * @param name the header or query parameter name
 * @param valueTemplate the value, with {@code {{secret}}} where the secret goes
 */
public record InjectionTemplate(String kind, String name, String valueTemplate) {
    /** The template used when none was given. */
    public static final String DEFAULT = "header:Authorization:Bearer {{secret}}";

    private static final String PLACEHOLDER = "{{secret}}";

    /**
     * Parses a template.
     *
     * @throws ApiError 400 explaining the format
     */
    public static InjectionTemplate parse(String template) {
        String t = template == null || template.isBlank() ? DEFAULT : template.strip();
        String[] parts = t.split(":", 3);
        if (parts.length != 3 || parts[1].isBlank() || !parts[2].contains(PLACEHOLDER)) {
            throw ApiError.badRequest("injectionTemplate must look like 'header:<Name>:<value with {{secret}}>' or "
                    + "'query:<param>:{{secret}}', for example '" + DEFAULT + "'");
        }
        String kind = parts[0].strip().toLowerCase(Locale.ROOT);
        if (!kind.equals("header") && !kind.equals("query")) {
            throw ApiError.badRequest(
                    "injectionTemplate kind must be 'header' or 'query', was '" + parts[0].strip() + "'");
        }
        return new InjectionTemplate(kind, parts[1].strip(), parts[2]);
    }

    /** The value with the secret in place. */
    public String value(String secret) {
        return valueTemplate.replace(PLACEHOLDER, secret);
    }

    /** The URL with the secret added as a query parameter (only for {@code query} templates). */
    public String applyToUrl(String url, String secret) {
        String param = URLEncoder.encode(name, StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(value(secret), StandardCharsets.UTF_8);
        int hash = url.indexOf('#');
        String base = hash >= 0 ? url.substring(0, hash) : url;
        return base + (base.contains("?") ? "&" : "?") + param;
    }

    @Override
    public String toString() {
        return kind + ":" + name + ":" + valueTemplate;
    }
}
