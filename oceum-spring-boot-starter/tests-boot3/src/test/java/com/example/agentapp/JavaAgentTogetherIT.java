package com.example.agentapp;

import static org.assertj.core.api.Assertions.assertThat;

import ai.oceum.testing.ChildJvm;
import ai.oceum.testing.TestClients;
import ai.oceum.testing.TestReceiver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The starter and the real {@code oceum-javaagent} jar in one JVM: each {@code @AgentTask} call is
 * reported once: the starter steps back when it sees the agent, and even when both are forced on
 * their shared implementation reports the call once.
 */
class JavaAgentTogetherIT {

    @Test
    void withTheJavaAgentOnACallIsOneTask_reportedThroughTheStartersClient() throws Exception {
        assertThat(taskStarts(List.of("-javaagent:" + agentJar()))).isEqualTo(1);
    }

    @Test
    void withoutTheJavaAgentTheStarterReportsTheCall() throws Exception {
        assertThat(taskStarts(List.of())).isEqualTo(1);
    }

    @Test
    void withBothForcedOnACallIsStillOneTask_theInterceptorAndTheAdviceShareOneImplementation() throws Exception {
        // The starter's interceptor and the agent's advice both go through AgentTaskCalls, with the
        // same method key: the inner one sees the outer call of the same method and steps back.
        // (Before they shared it, this was the negative control: two tasks.)
        assertThat(taskStarts(List.of("-javaagent:" + agentJar(), "-Doceum.javaagent.active=false")))
                .isEqualTo(1);
    }

    @Test
    void anAgentAttachedAtRunTimeBeforeTheContextStartsIsRecognised_throughThePropertyItSets() throws Exception {
        // No -javaagent: argument to read: only the property the agent sets in agentmain tells the starter.
        assertThat(taskStarts(
                        List.of("-Djdk.attach.allowAttachSelf=true"), agentJar().toString()))
                .isEqualTo(1);
    }

    private static long taskStarts(List<String> jvmOptions, String... appArguments) throws Exception {
        try (TestReceiver receiver = TestReceiver.start()) {
            ChildJvm child = new ChildJvm().timeout(Duration.ofSeconds(120));
            jvmOptions.forEach(child::jvmArg);
            List<String> arguments = new ArrayList<>(List.of(receiver.baseUrl(), TestClients.API_KEY));
            arguments.addAll(List.of(appArguments));
            ChildJvm.Result run = child.run(AgentApp.class.getName(), arguments.toArray(String[]::new));
            String output = run.toString();
            assertThat(run.exitCode()).as(output).isZero();
            assertThat(output).contains("RESULT worked").doesNotContain(TestClients.API_KEY);
            // The context closed before the child exited: everything it reported is in the receiver.
            return receiver.events("task_start").stream()
                    .filter(e -> e.data().path("taskName").asText().equals("one-task-per-call"))
                    .count();
        }
    }

    private static Path agentJar() throws IOException {
        Path jar =
                Path.of(System.getProperty("oceum.javaagent.jar", "../../oceum-javaagent/target/oceum-javaagent.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IOException(
                    "the agent jar is not built: " + jar.toAbsolutePath() + " (build oceum-javaagent first)");
        }
        return jar.toAbsolutePath();
    }
}
