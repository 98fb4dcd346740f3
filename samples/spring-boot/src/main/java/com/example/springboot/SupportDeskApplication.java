package com.example.springboot;

import ai.oceum.devserver.DevServer;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A support desk: {@code POST /tickets} with a customer's question, answered by a LangChain4j agent
 * with one tool, running on an offline deterministic model. Oceum sees every request as a task
 * with its model calls, tool calls, tokens and errors, plus the heartbeat and the health — from
 * the starter dependency and {@code oceum.agent-id} in application.properties; no Oceum code.
 *
 * <p>Without {@code OCEUM_BASE_URL} it reports to a local Oceum dev server it starts itself (the
 * dashboard URL is printed); with it, to that Oceum ({@code OCEUM_API_KEY} then comes from the
 * environment too).
 */
@SpringBootApplication
public class SupportDeskApplication {

    public static void main(String[] args) {
        SpringApplication app = new SpringApplication(SupportDeskApplication.class);
        if (System.getenv("OCEUM_BASE_URL") == null && System.getProperty("oceum.base-url") == null) {
            DevServer devServer = DevServer.builder().port(0).inMemory().build().start();
            System.out.println("Oceum dev server started; dashboard: " + devServer.dashboardUrl());
            app.setDefaultProperties(
                    Map.of("oceum.base-url", devServer.baseUrl(), "oceum.api-key", devServer.apiKey()));
            Runtime.getRuntime().addShutdownHook(new Thread(devServer::close, "oceum-dev-server-stop"));
        }
        app.run(args);
    }
}
