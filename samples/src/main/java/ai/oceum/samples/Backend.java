package ai.oceum.samples;

import ai.oceum.Oceum;
import ai.oceum.devserver.DevServer;

import java.io.PrintStream;
import java.util.List;

/**
 * Where the demo reports: the Oceum named by {@code OCEUM_BASE_URL} (real Oceum or any
 * compatible receiver), or — when it is unset — a dev server started in this process.
 */
final class Backend implements AutoCloseable {

    private final DevServer server;
    private final String baseUrl;
    private final String apiKey;

    private Backend(DevServer server, String baseUrl, String apiKey) {
        this.server = server;
        this.baseUrl = baseUrl;
        this.apiKey = apiKey;
    }

    static Backend start(PrintStream out) {
        String configured = setting("OCEUM_BASE_URL", "oceum.base.url");
        if (configured != null) {
            out.println("Reporting to " + configured + " (OCEUM_BASE_URL)");
            return new Backend(null, configured, null);
        }
        DevServer server = DevServer.builder().port(0).inMemory().build();
        server.start();
        out.println("Started a local Oceum dev server; dashboard: " + server.dashboardUrl());
        return new Backend(server, server.baseUrl(), server.apiKey());
    }

    /** A client for one agent; with an external Oceum the key comes from {@code OCEUM_API_KEY}. */
    Oceum client(String agentId) {
        if (server == null) {
            return setting("OCEUM_API_KEY", "oceum.api.key") == null
                    ? Oceum.fromEnv() : Oceum.builder().agentId(agentId).build();
        }
        return Oceum.builder().apiKey(apiKey).agentId(agentId).baseUrl(baseUrl).shutdownHook(false).build();
    }

    String dashboardUrl() {
        return server != null ? server.dashboardUrl() : baseUrl;
    }

    /** What the receiver knows: tasks, errors and cost, read from the dev server when it is ours. */
    List<String> summary() {
        if (server == null) {
            return List.of("cost          see the Oceum dashboard");
        }
        DevServer.Totals totals = server.totals();
        return List.of(
                String.format("tasks         %d completed, %d failed", totals.tasksCompleted(), totals.tasksFailed()),
                String.format("errors        %d", totals.errors()),
                String.format("cost          $%.6f (dev server price table)", totals.costUsd()));
    }

    private static String setting(String env, String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            value = System.getenv(env);
        }
        return value == null || value.isBlank() ? null : value;
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
    }
}
