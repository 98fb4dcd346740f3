package com.example.demo;

import ai.oceum.Oceum;
import ai.oceum.devserver.DevServer;
import com.example.replies.LocalWriterModel;
import com.example.support.LocalTriageModel;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
        DevServer server =
                DevServer.builder().port(0).inMemory().priceTable(demoPrices()).build();
        server.start();
        out.println("Started a local Oceum dev server; dashboard: " + server.dashboardUrl());
        return new Backend(server, server.baseUrl(), server.apiKey());
    }

    /** A client for one agent; with an external Oceum the key comes from {@code OCEUM_API_KEY}. */
    Oceum client(String agentId) {
        if (server == null) {
            return setting("OCEUM_API_KEY", "oceum.api.key") == null
                    ? Oceum.fromEnv()
                    : Oceum.builder().agentId(agentId).build();
        }
        return Oceum.builder()
                .apiKey(apiKey)
                .agentId(agentId)
                .baseUrl(baseUrl)
                .shutdownHook(false)
                .build();
    }

    /** Whether the dashboard is the dev server this process started (it lives as long as the demo). */
    boolean isLocal() {
        return server != null;
    }

    String dashboardUrl() {
        return server != null ? server.dashboardUrl() : baseUrl;
    }

    /** The trace page of the run holding a task, on the dev server this process started; null for another Oceum. */
    String traceUrl(String agentId, String taskId) {
        if (server == null || taskId == null) {
            return null;
        }
        return server.baseUrl() + "/trace?agentId=" + URLEncoder.encode(agentId, StandardCharsets.UTF_8) + "&taskId="
                + URLEncoder.encode(taskId, StandardCharsets.UTF_8);
    }

    /** What the receiver knows: tasks, errors and cost, read from the dev server when it is ours. */
    List<String> summary() {
        if (server == null) {
            return List.of("cost          see the Oceum dashboard");
        }
        try {
            HttpResponse<String> response = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(baseUrl + "/api/dashboard"))
                                    .header("Authorization", "Bearer " + apiKey)
                                    .timeout(Duration.ofSeconds(5))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            // Money is decimal: read the cost as the exact number the dev server wrote.
            JsonNode model = new ObjectMapper()
                    .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                    .readTree(response.body());
            long succeeded = 0;
            long failed = 0;
            for (JsonNode agent : model.path("agents")) {
                succeeded += agent.path("tasksSucceeded").asLong();
                failed += agent.path("tasksFailed").asLong();
            }
            JsonNode totals = model.path("totals");
            return List.of(
                    String.format(
                            "tasks         %d succeeded, %d failed (as the dev server counts them)", succeeded, failed),
                    String.format(
                            "errors        %d error events",
                            totals.path("errors").asLong()),
                    String.format(
                            "cost          $%s (the offline models priced as a small hosted model)",
                            totals.path("costUsd").decimalValue().toPlainString()));
        } catch (IOException e) {
            return List.of("dev server    could not read its totals: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }

    /**
     * The offline model costs nothing, but a demo of cost tracking should show some: price it
     * like a small hosted model (USD per 1M tokens in, out).
     */
    private static Path demoPrices() {
        try {
            Path file = Files.createTempFile("oceum-demo-prices", ".properties");
            file.toFile().deleteOnExit();
            Files.writeString(
                    file,
                    LocalTriageModel.MODEL_NAME + " = 0.15,0.60\n" + LocalWriterModel.MODEL_NAME + " = 0.15,0.60\n");
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the demo's price table", e);
        }
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
