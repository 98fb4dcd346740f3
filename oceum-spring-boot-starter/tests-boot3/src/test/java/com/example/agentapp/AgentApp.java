package com.example.agentapp;

import ai.oceum.annotation.AgentTask;
import ai.oceum.spring.boot.OceumAutoConfiguration;
import ai.oceum.spring.boot.task.AgentTaskAutoConfiguration;
import com.sun.tools.attach.VirtualMachine;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A child-JVM application for {@link JavaAgentTogetherIT}: the starter plus one {@code @AgentTask}
 * bean, called once. Arguments: the receiver's URL, the API key, and optionally the path of the
 * agent jar to attach to this JVM before the context starts (as a tool attaching at run time would).
 */
@Configuration(proxyBeanMethods = false)
@ImportAutoConfiguration({OceumAutoConfiguration.class, AgentTaskAutoConfiguration.class})
public class AgentApp {

    @Bean
    Worker worker() {
        return new Worker();
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 2) {
            VirtualMachine vm =
                    VirtualMachine.attach(String.valueOf(ProcessHandle.current().pid()));
            try {
                vm.loadAgent(args[2]);
            } finally {
                vm.detach();
            }
        }
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(AgentApp.class)
                .web(WebApplicationType.NONE)
                .properties(
                        "oceum.base-url=" + args[0],
                        "oceum.api-key=" + args[1],
                        "oceum.agent-id=agent-and-starter",
                        "oceum.heartbeat.enabled=false")
                .run()) {
            System.out.println("RESULT " + app.getBean(Worker.class).work());
        }
    }

    /** Instrumented by the Java agent when it is on, proxied by the starter when it is not. */
    public static class Worker {
        @AgentTask("one-task-per-call")
        public String work() {
            return "worked";
        }
    }
}
