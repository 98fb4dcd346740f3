package ai.oceum.devserver.vault;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Removes a secret from what the vault proxy hands back to the agent, in the forms an API that
 * echoes credentials is likely to use: as is, URL-encoded, JSON-escaped (also with escaped
 * slashes), reversed, and base64 (standard and URL-safe, of the secret and of any text containing
 * it: the secret's stable part at each of the three byte alignments). In a JSON answer every
 * string and field name is also checked after decoding, which covers {@code \\uXXXX} escapes.
 * <b>Best effort</b>: a secret split across fields, hashed, encrypted or re-encoded otherwise
 * gets through; the protection that matters is the proxy's target-domain and address rules.
 * Immutable; thread-safe.
 */
final class SecretRedactor {
    static final String REDACTED = "[redacted]";
    /** Base64 runs shorter than this are not redacted on their own (they would match by chance). */
    private static final int MIN_BASE64_CORE = 8;

    private final List<String> forms;

    SecretRedactor(String secret) {
        Set<String> f = new LinkedHashSet<>();
        if (!secret.isEmpty()) {
            f.add(secret);
            f.add(URLEncoder.encode(secret, StandardCharsets.UTF_8));
            f.add(URLEncoder.encode(secret, StandardCharsets.UTF_8).replace("+", "%20"));
            String json = new String(JsonStringEncoder.getInstance().quoteAsString(secret));
            f.add(json);
            f.add(json.replace("/", "\\/"));
            f.add(secret.replace("/", "\\/"));
            f.add(new StringBuilder(secret).reverse().toString());
            byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
            for (byte[] part : base64Parts(bytes)) {
                String std = Base64.getEncoder().encodeToString(part);
                f.add(std);
                f.add(std.replace('+', '-').replace('/', '_'));
                f.add(strip(std));
                f.add(strip(std).replace('+', '-').replace('/', '_'));
            }
        }
        f.removeIf(s -> s.isEmpty());
        List<String> sorted = new ArrayList<>(f);
        sorted.sort(Comparator.comparingInt(String::length).reversed()); // longest first: no half-redacted forms
        this.forms = List.copyOf(sorted);
    }

    /** The whole secret, and its stable parts at each byte alignment (so base64 of a text holding it shows them). */
    private static List<byte[]> base64Parts(byte[] secret) {
        List<byte[]> parts = new ArrayList<>();
        parts.add(secret);
        for (int a = 0; a < 3; a++) {
            int len = (secret.length - a) / 3 * 3;
            if (len * 4 / 3 >= MIN_BASE64_CORE) {
                byte[] p = new byte[len];
                System.arraycopy(secret, a, p, 0, len);
                parts.add(p);
            }
        }
        return parts;
    }

    private static String strip(String base64) {
        int end = base64.length();
        while (end > 0 && base64.charAt(end - 1) == '=') {
            end--;
        }
        return base64.substring(0, end);
    }

    /** The text with every known form of the secret replaced. */
    String redact(String text) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String f : forms) {
            out = out.replace(f, REDACTED);
        }
        return out;
    }

    /** A copy of the JSON value with every string and field name redacted (after JSON decoding). */
    JsonNode redact(JsonNode node) {
        if (node.isTextual()) {
            return JsonNodeFactory.instance.textNode(redact(node.asText()));
        }
        if (node.isArray()) {
            ArrayNode a = JsonNodeFactory.instance.arrayNode();
            node.forEach(n -> a.add(redact(n)));
            return a;
        }
        if (node.isObject()) {
            ObjectNode o = JsonNodeFactory.instance.objectNode();
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                o.set(redact(e.getKey()), redact(e.getValue()));
            }
            return o;
        }
        return node;
    }
}
