package com.example.springai;

import ai.oceum.Oceum;
import ai.oceum.devserver.DevServer;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the sample reports: the Oceum named by {@code OCEUM_BASE_URL} (real Oceum or any
 * compatible receiver, with {@code OCEUM_API_KEY}), or — when it is unset — a dev server started
 * in this process, whose dashboard URL is printed.
 */
final class Backend implements AutoCloseable {
    private final DevServer server;
    private final String baseUrl;

    private Backend(DevServer server, String baseUrl) {
        this.server = server;
        this.baseUrl = baseUrl;
    }

    static Backend start(PrintStream out) {
        String configured = setting("OCEUM_BASE_URL", "oceum.base.url");
        if (configured != null) {
            out.println("Reporting to " + configured + " (OCEUM_BASE_URL)");
            return new Backend(null, configured);
        }
        DevServer server =
                DevServer.builder().port(0).inMemory().priceTable(prices()).build();
        server.start();
        out.println("Started a local Oceum dev server; dashboard: " + server.dashboardUrl());
        return new Backend(server, server.baseUrl());
    }

    /** The agent's client: for the embedded dev server, or from OCEUM_API_KEY / OCEUM_BASE_URL. */
    Oceum client(String agentId) {
        if (server == null) {
            String key = setting("OCEUM_API_KEY", "oceum.api.key");
            return Oceum.builder()
                    .apiKey(key)
                    .agentId(agentId)
                    .baseUrl(baseUrl)
                    .shutdownHook(false)
                    .build();
        }
        return Oceum.builder()
                .apiKey(server.apiKey())
                .agentId(agentId)
                .baseUrl(baseUrl)
                .shutdownHook(false)
                .build();
    }

    String dashboardUrl() {
        return server != null ? server.dashboardUrl() : baseUrl;
    }

    /** The offline model costs nothing; price it like a small hosted model so the dashboard shows cost. */
    private static Path prices() {
        try {
            Path file = Files.createTempFile("oceum-spring-ai-prices", ".properties");
            file.toFile().deleteOnExit();
            Files.writeString(file, OfflineSupportModel.MODEL_NAME + " = 0.15,0.60\n");
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the sample's price table", e);
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
