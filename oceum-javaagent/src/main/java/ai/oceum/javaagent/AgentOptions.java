package ai.oceum.javaagent;

import java.util.Locale;

/**
 * The agent's options, from {@code -javaagent:oceum-javaagent.jar=<options>}: a comma-separated
 * list. Today one option exists, {@code debug}: one line on stderr per instrumented class and for
 * every class that could not be instrumented.
 *
 * <p>The client itself is configured as everywhere else ({@code OCEUM_API_KEY} …, or the
 * {@code oceum.api.key} … system properties, or {@code Oceum.setGlobal} in the application).
 */
record AgentOptions(boolean debug) {

    /** Parses the option string (null or blank: the defaults). */
    static AgentOptions parse(String args) {
        boolean debug = false;
        if (args != null && !args.isBlank()) {
            for (String raw : args.split(",")) {
                String option = raw.strip().toLowerCase(Locale.ROOT);
                switch (option) {
                    case "" -> {}
                    case "debug", "debug=true" -> debug = true;
                    case "debug=false" -> debug = false;
                    default ->
                        throw new IllegalArgumentException("unknown option '" + raw.strip() + "' (known: debug)");
                }
            }
        }
        return new AgentOptions(debug);
    }
}
