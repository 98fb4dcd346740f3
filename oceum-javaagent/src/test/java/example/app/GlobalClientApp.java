package example.app;

import ai.oceum.Oceum;
import ai.oceum.annotation.AgentTask;
import ai.oceum.integration.AgentTaskCalls;

/**
 * Registers its own client after the agent started ({@code Oceum.setGlobal}) and prints which
 * copy of oceum-core the agent's inlined code calls.
 */
public class GlobalClientApp {
    public static void main(String[] args) {
        System.out.println("core="
                + AgentTaskCalls.class.getProtectionDomain().getCodeSource().getLocation());
        Oceum.setGlobal(Oceum.builder()
                .apiKey("app-key")
                .agentId("set-by-app")
                .baseUrl(System.getProperty("app.receiver"))
                .build());
        System.out.println("task=" + new GlobalClientApp().work());
        System.out.println("done");
    }

    @AgentTask("registered-client")
    String work() {
        return "worked";
    }
}
