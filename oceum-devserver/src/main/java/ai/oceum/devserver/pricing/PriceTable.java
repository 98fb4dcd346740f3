package ai.oceum.devserver.pricing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Per-model prices (USD per 1M tokens in/out): built-in defaults for common OpenAI, Anthropic
 * and Gemini models, overridable by a {@code .properties} file ({@code gpt-4o=2.50,10.00}) or a
 * JSON file ({@code {"gpt-4o": {"input": 2.5, "output": 10}}}). Names match case-insensitively,
 * exactly or by their longest listed prefix.
 */
public final class PriceTable {
    private static final String DEFAULTS = "/ai/oceum/devserver/pricing/default-prices.properties";

    private final Map<String, ModelPrice> prices;

    private PriceTable(Map<String, ModelPrice> prices) {
        this.prices = Collections.unmodifiableMap(prices);
    }

    /** The built-in prices. */
    public static PriceTable defaults() {
        try (InputStream in = PriceTable.class.getResourceAsStream(DEFAULTS)) {
            if (in == null) {
                throw new IllegalStateException("built-in price table " + DEFAULTS + " is missing from the jar");
            }
            Properties p = new Properties();
            p.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
            Map<String, ModelPrice> map = new TreeMap<>();
            putProperties(map, p, DEFAULTS);
            return new PriceTable(map);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the built-in price table", e);
        }
    }

    /**
     * The defaults with the file's prices on top.
     *
     * @throws IllegalArgumentException naming the file and the bad entry
     */
    public static PriceTable withOverrides(Path file, ObjectMapper mapper) {
        Map<String, ModelPrice> map = new TreeMap<>(defaults().prices);
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        try {
            if (name.endsWith(".json")) {
                putJson(map, mapper.readTree(file.toFile()), file.toString());
            } else {
                Properties p = new Properties();
                try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    p.load(r);
                }
                putProperties(map, p, file.toString());
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read price table " + file + ": " + e.getMessage(), e);
        }
        return new PriceTable(map);
    }

    /** The price of a model, if listed (exactly or by prefix). */
    public Optional<ModelPrice> find(String model) {
        if (model == null || model.isBlank()) {
            return Optional.empty();
        }
        String m = model.strip().toLowerCase(Locale.ROOT);
        int slash = m.lastIndexOf('/');
        if (slash >= 0) {
            m = m.substring(slash + 1); // "openai/gpt-4o" as routers name it
        }
        ModelPrice exact = prices.get(m);
        if (exact != null) {
            return Optional.of(exact);
        }
        String best = null;
        for (String key : prices.keySet()) {
            if (m.startsWith(key) && (best == null || key.length() > best.length())) {
                best = key;
            }
        }
        return Optional.ofNullable(best == null ? null : prices.get(best));
    }

    /** Every listed model and its price. */
    public Map<String, ModelPrice> all() {
        return prices;
    }

    private static void putProperties(Map<String, ModelPrice> map, Properties p, String source) {
        for (String model : p.stringPropertyNames()) {
            String[] parts = p.getProperty(model).split(",");
            if (parts.length != 2) {
                throw new IllegalArgumentException(
                        source + ": price of '" + model + "' must be '<input>,<output>' per 1M tokens");
            }
            map.put(
                    model.strip().toLowerCase(Locale.ROOT),
                    new ModelPrice(number(parts[0], model, source), number(parts[1], model, source)));
        }
    }

    private static void putJson(Map<String, ModelPrice> map, JsonNode root, String source) {
        JsonNode models = root != null && root.has("models") ? root.get("models") : root;
        if (models == null || !models.isObject()) {
            throw new IllegalArgumentException(
                    source + ": must be a JSON object {\"<model>\": {\"input\": n, \"output\": n}}");
        }
        for (Map.Entry<String, JsonNode> e : models.properties()) {
            JsonNode in = e.getValue().get("input");
            JsonNode out = e.getValue().get("output");
            if (in == null || out == null) {
                throw new IllegalArgumentException(
                        source + ": model '" + e.getKey() + "' needs \"input\" and \"output\" prices per 1M tokens");
            }
            map.put(
                    e.getKey().strip().toLowerCase(Locale.ROOT),
                    new ModelPrice(number(in.asText(), e.getKey(), source), number(out.asText(), e.getKey(), source)));
        }
    }

    private static BigDecimal number(String s, String model, String source) {
        try {
            return new BigDecimal(s.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    source + ": price of '" + model + "' is not a number: '" + s.strip() + "'");
        }
    }
}
