package ai.oceum.vault;

import java.util.List;
import java.util.Objects;

/**
 * Options of {@code Oceum.vaultStore(data, options)}: who may read the secret, for how long, and
 * how the vault proxy injects it.
 *
 * <pre>{@code
 * VaultStoreOptions.builder().category("api_key").ttl(VaultTtl.DAYS_7)
 *     .targetDomains("api.stripe.com").label("stripe live key").build();
 * }</pre>
 *
 * <p>Immutable and thread-safe; its builder is not thread-safe.
 */
public final class VaultStoreOptions {
    /** The default category. */
    public static final String DEFAULT_CATEGORY = "custom";
    /** The default access policy: only the storing agent may retrieve. */
    public static final String DEFAULT_ACCESS_POLICY = "source_agent";

    private final String category;
    private final String accessPolicy;
    private final List<String> allowedAgents;
    private final VaultTtl ttl;
    private final String label;
    private final List<String> targetDomains;
    private final String injectionTemplate;

    private VaultStoreOptions(Builder b) {
        this.category = b.category;
        this.accessPolicy = b.accessPolicy;
        this.allowedAgents = b.allowedAgents;
        this.ttl = b.ttl;
        this.label = b.label;
        this.targetDomains = b.targetDomains;
        this.injectionTemplate = b.injectionTemplate;
    }

    /** Options with every default. */
    public static VaultStoreOptions defaults() {
        return builder().build();
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The category (default {@value #DEFAULT_CATEGORY}). */
    public String category() {
        return category;
    }

    /** The access policy (default {@value #DEFAULT_ACCESS_POLICY}). */
    public String accessPolicy() {
        return accessPolicy;
    }

    /** Agents allowed under the {@code specified_agents} policy. */
    public List<String> allowedAgents() {
        return allowedAgents;
    }

    /** How long the token lives (default 30 days). */
    public VaultTtl ttl() {
        return ttl;
    }

    /** A human-readable label, or null. */
    public String label() {
        return label;
    }

    /** Domains the vault proxy may send this secret to. */
    public List<String> targetDomains() {
        return targetDomains;
    }

    /** How the proxy injects the secret, or null for the platform default. */
    public String injectionTemplate() {
        return injectionTemplate;
    }

    @Override
    public String toString() {
        return "VaultStoreOptions{category=" + category + ", accessPolicy=" + accessPolicy + ", ttl=" + ttl + ", label="
                + label + ", targetDomains=" + targetDomains + '}';
    }

    /** Builds {@link VaultStoreOptions}. */
    public static final class Builder {
        private String category = DEFAULT_CATEGORY;
        private String accessPolicy = DEFAULT_ACCESS_POLICY;
        private List<String> allowedAgents = List.of();
        private VaultTtl ttl = VaultTtl.DAYS_30;
        private String label;
        private List<String> targetDomains = List.of();
        private String injectionTemplate;

        private Builder() {}

        /** The category, for example {@code api_key}, {@code credential}, {@code custom}. */
        public Builder category(String category) {
            this.category = requireText(category, "category");
            return this;
        }

        /** The access policy: {@code source_agent}, {@code specified_agents} or {@code any_agent}. */
        public Builder accessPolicy(String accessPolicy) {
            this.accessPolicy = requireText(accessPolicy, "accessPolicy");
            return this;
        }

        /** Agents allowed under {@code specified_agents}; sets that policy. */
        public Builder allowedAgents(String... agentIds) {
            this.allowedAgents = List.of(agentIds);
            this.accessPolicy = "specified_agents";
            return this;
        }

        /** How long the token lives. */
        public Builder ttl(VaultTtl ttl) {
            this.ttl = Objects.requireNonNull(ttl, "ttl");
            return this;
        }

        /** A human-readable label. */
        public Builder label(String label) {
            this.label = label;
            return this;
        }

        /** Domains the vault proxy may call with this secret. */
        public Builder targetDomains(String... domains) {
            this.targetDomains = List.of(domains);
            return this;
        }

        /** How the proxy injects the secret, for example {@code header:Authorization:Bearer {{secret}}}. */
        public Builder injectionTemplate(String template) {
            if (template != null && !template.contains("{{secret}}")) {
                throw new IllegalArgumentException("injectionTemplate must contain {{secret}}, for example "
                        + "'header:Authorization:Bearer {{secret}}'");
            }
            this.injectionTemplate = template;
            return this;
        }

        /** The options. */
        public VaultStoreOptions build() {
            return new VaultStoreOptions(this);
        }

        private static String requireText(String value, String name) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException(name + " must not be blank");
            }
            return value;
        }
    }
}
