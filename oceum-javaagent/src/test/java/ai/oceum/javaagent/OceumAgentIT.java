package ai.oceum.javaagent;

import static org.assertj.core.api.Assertions.assertThat;

import ai.oceum.annotation.AgentTask;
import ai.oceum.testing.ChildJvm;
import ai.oceum.testing.TestReceiver;
import ai.oceum.testing.TestReceiver.Recorded;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.jar.JarFile;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged agent jar on small applications in child JVMs ({@code example.app}), reporting to a
 * receiver on 127.0.0.1. The application's class path holds only its own classes unless a test
 * says otherwise: the agent jar brings oceum-core.
 */
class OceumAgentIT {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String AGENT_JAR = System.getProperty("oceum.it.agentJar");
    private static final String APP_CLASSES = System.getProperty("oceum.it.appClasses");

    private TestReceiver receiver;

    @BeforeEach
    void start() {
        receiver = TestReceiver.start();
    }

    @AfterEach
    void stop() {
        receiver.close();
    }

    private ChildJvm withAgent(String options) {
        return new ChildJvm()
                .jvmArg("-javaagent:" + AGENT_JAR + (options == null ? "" : "=" + options))
                .jvmArg("-Doceum.api.key=it-key")
                .jvmArg("-Doceum.agent.id=agent-it")
                .jvmArg("-Doceum.base.url=" + receiver.baseUrl())
                .jvmArg("-XX:TieredStopAtLevel=1")
                .classPath(APP_CLASSES);
    }

    private static Recorded named(List<Recorded> events, String name) {
        return events.stream()
                .filter(e -> e.data().path("taskName").asText().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no event for task " + name + " in " + events));
    }

    private static long count(List<Recorded> events, String name) {
        return events.stream()
                .filter(e -> e.data().path("taskName").asText().equals(name))
                .count();
    }

    private static String id(Recorded r) {
        return r.data().path("taskId").asText();
    }

    private static String parent(Recorded r) {
        return r.data().path("parentTaskId").asText();
    }

    @Test
    void reportsInstancePrivateStaticVoidAsyncAndRecursiveMethodsAsTasks() throws Exception {
        ChildJvm.Result run = withAgent(null).run("example.app.SampleApp");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.stdout())
                .as(run.toString())
                .contains("verdict=TICKET-1:billing depth=200 later=answer parts=4", "done");
        // triage + private + static, with-args, void, countdown, async, fan-out + 4 children
        List<Recorded> completes = receiver.awaitEvents("task_complete", 12, WAIT);
        List<Recorded> starts = receiver.events("task_start");
        assertThat(starts).hasSize(12);
        assertThat(completes)
                .allSatisfy(c -> assertThat(c.json().path("agentId").asText()).isEqualTo("agent-it"));

        Recorded triage = named(starts, "SampleApp.triage");
        Recorded step = named(starts, "private-step");
        Recorded leaf = named(starts, "static-task");
        assertThat(parent(step)).isEqualTo(id(triage));
        assertThat(parent(leaf)).isEqualTo(id(step));
        assertThat(named(completes, "SampleApp.triage").data().has("durationMs"))
                .isTrue();

        assertThat(named(starts, "with-args")
                        .data()
                        .path("meta")
                        .path("arguments")
                        .toString())
                .isEqualTo("[\"ticket-9\",\"3\"]");
        assertThat(named(starts, "void-task").data().has("meta")).isFalse();
        assertThat(count(starts, "countdown"))
                .as("recursion: only the outermost call")
                .isEqualTo(1);
        assertThat(named(completes, "async-task").data().path("durationMs").asLong())
                .as("ends when the future completes, 100 ms after the method returned")
                .isGreaterThanOrEqualTo(100);

        Recorded fanOut = named(completes, "fan-out");
        assertThat(starts.stream()
                        .filter(s -> s.data().path("taskName").asText().equals("fan-child")))
                .hasSize(4)
                .allSatisfy(s -> assertThat(parent(s)).isEqualTo(id(fanOut)));
        assertThat(fanOut.data().path("usageTotals").path("tokensInput").asLong())
                .isEqualTo(40);
        assertThat(run.stderr()).as(run.toString()).isEmpty();
    }

    @Test
    void saysOnStderrWhyNothingIsReportedWithoutAnApiKey() throws Exception {
        ChildJvm.Result run = new ChildJvm()
                .jvmArg("-javaagent:" + AGENT_JAR)
                .classPath(APP_CLASSES)
                .run("example.app.SampleApp");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.stdout()).contains("done");
        assertThat(run.stderr())
                .as("the agent's own SDK copy logs to stderr, not through a missing SLF4J backend")
                .singleElement()
                .asString()
                .startsWith("[oceum] WARN Oceum is disabled: OCEUM_API_KEY is not set");
        assertThat(receiver.requests()).isEmpty();
    }

    @Test
    void leavesAnExceptionsStackTraceAsItIsWithoutTheAgent() throws Exception {
        ChildJvm.Result plain = new ChildJvm().classPath(APP_CLASSES).run("example.app.StackTraceApp");
        ChildJvm.Result instrumented = withAgent(null).run("example.app.StackTraceApp");

        assertThat(instrumented.stdout()).as(instrumented.toString()).contains("same-instance=true", "done");
        List<String> trace = instrumented.between("--- trace", "--- end");
        assertThat(trace)
                .as("the caller sees the application's frames only")
                .hasSize(4)
                .allMatch(frame -> frame.startsWith("example.app.StackTraceApp."))
                .isEqualTo(plain.between("--- trace", "--- end"));

        List<Recorded> errors = receiver.awaitEvents("error", 3, WAIT);
        assertThat(errors).allSatisfy(e -> {
            assertThat(e.data().path("taskStatus").asText()).isEqualTo("failed");
            assertThat(e.data().path("message").asText()).isEqualTo("leaf failed");
        });
        assertThat(parent(named(errors, "failing-leaf"))).isEqualTo(id(named(errors, "failing-step")));
    }

    @Test
    void runsBesideAnApplicationsOwnDifferentByteBuddy() throws Exception {
        String appByteBuddy = System.getProperty("oceum.it.appByteBuddy");
        ChildJvm.Result run = withAgent(null).classPath(appByteBuddy).run("example.app.OwnByteBuddyApp");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.value("app-bytebuddy")).endsWith(new File(appByteBuddy).getName());
        assertThat(run.value("generated")).isEqualTo("made by the app's ByteBuddy");
        assertThat(run.value("task")).isEqualTo("worked");
        assertThat(named(receiver.awaitEvents("task_complete", 1, WAIT), "with-own-bytebuddy"))
                .isNotNull();
        try (JarFile jar = new JarFile(AGENT_JAR)) {
            assertThat(jar.stream().map(e -> e.getName()))
                    .as("ByteBuddy, Jackson and SLF4J only under the agent's relocated package")
                    .noneMatch(n -> n.startsWith("net/bytebuddy/")
                            || n.startsWith("com/fasterxml/")
                            || n.startsWith("org/slf4j/"));
        }
    }

    @Test
    void usesTheClientTheApplicationRegisteredAfterTheAgentStarted() throws Exception {
        ChildJvm.Result run =
                withAgent(null).jvmArg("-Dapp.receiver=" + receiver.baseUrl()).run("example.app.GlobalClientApp");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        Recorded complete = named(receiver.awaitEvents("task_complete", 1, WAIT), "registered-client");
        assertThat(complete.json().path("agentId").asText()).isEqualTo("set-by-app");
        assertThat(complete.header("Authorization")).isEqualTo("Bearer app-key");
        assertThat(run.value("core"))
                .as("without its own copy the app uses the agent's")
                .endsWith("oceum-javaagent.jar");
    }

    @Test
    void callsTheApplicationsOwnOceumCoreWhenItBundlesOne() throws Exception {
        ChildJvm.Result run = withAgent(null)
                .jvmArg("-Dapp.receiver=" + receiver.baseUrl())
                .classPath(location(AgentTask.class))
                .classPath(location(ObjectMapper.class))
                .classPath(location(com.fasterxml.jackson.core.JsonFactory.class))
                .classPath(location(com.fasterxml.jackson.annotation.JsonInclude.class))
                .classPath(location(org.slf4j.LoggerFactory.class))
                .run("example.app.GlobalClientApp");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(Path.of(URI.create(run.value("core"))))
                .as("the class path comes before the agent jar")
                .isEqualTo(Path.of(location(AgentTask.class)));
        assertThat(named(receiver.awaitEvents("task_complete", 1, WAIT), "registered-client"))
                .isNotNull();
    }

    @Test
    void printsOneLineAndRunsTheApplicationUninstrumentedWhenItCannotStart() throws Exception {
        ChildJvm.Result run = withAgent("no-such-option").run("example.app.StackTraceApp");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.stdout()).contains("same-instance=true", "done");
        assertThat(run.stderr())
                .as(run.toString())
                .containsExactly(OceumAgent.PREFIX
                        + "not started, the application runs without @AgentTask reporting: "
                        + "IllegalArgumentException: unknown option 'no-such-option' (known: debug)");
        assertThat(receiver.requests()).isEmpty();
    }

    @Test
    void stepsBackWithOneLineWhenTheApplicationsOceumCoreHasAnotherSpiVersion(@TempDir Path stub) throws Exception {
        // What an application bundling an oceum-core of another SPI version puts first on the class path.
        Path source = stub.resolve("src/ai/oceum/integration/AgentTaskCalls.java");
        Files.createDirectories(source.getParent());
        Files.writeString(source, """
                package ai.oceum.integration;
                public final class AgentTaskCalls {
                    public static final int SPI_VERSION = 999;
                    public static int spiVersion() { return SPI_VERSION; }
                    public static String coreVersion() { return "9.9.9"; }
                }
                """, StandardCharsets.UTF_8);
        Path classes = stub.resolve("classes");
        compile(source, classes);

        ChildJvm.Result run = withAgent(null).classPath(classes.toString()).run("example.app.StackTraceApp");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.stdout()).contains("same-instance=true", "done");
        assertThat(run.stderr())
                .as(run.toString())
                .singleElement()
                .asString()
                .startsWith(OceumAgent.PREFIX + "not started, the application runs without @AgentTask reporting: ")
                .contains("oceum-core 9.9.9", "SPI version 999", "this agent needs version 1");
        assertThat(receiver.requests()).as("uninstrumented: nothing reported").isEmpty();
    }

    private static void compile(Path source, Path out) throws IOException {
        Files.createDirectories(out);
        int rc = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", out.toString(), source.toString());
        assertThat(rc).as("javac of the stub").isZero();
    }

    @Test
    void instrumentsClassesAlreadyLoadedWhenAttachedToARunningJvm() throws Exception {
        ChildJvm.Result run = new ChildJvm()
                .jvmArg("-Djdk.attach.allowAttachSelf=true")
                .jvmArg("-Doceum.api.key=it-key")
                .jvmArg("-Doceum.agent.id=agent-it")
                .jvmArg("-Doceum.base.url=" + receiver.baseUrl())
                .classPath(APP_CLASSES)
                .run("example.app.AttachApp", AGENT_JAR);

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.stdout()).contains("before=worked", "after=worked", "done");
        assertThat(receiver.awaitEvents("task_complete", 1, WAIT))
                .singleElement()
                .satisfies(c -> assertThat(c.data().path("taskName").asText()).isEqualTo("attached-later"));
        assertThat(receiver.events("task_start"))
                .as("the call before the attach was not a task")
                .hasSize(1);
        assertThat(run.value("active-before")).isEqualTo("null");
        assertThat(run.value("active-after"))
                .as("agentmain announces the agent too")
                .isEqualTo("true");
    }

    @Test
    void whenAttachedInstrumentsAClassThatDescribingAnotherLoadedAsASideEffect() throws Exception {
        ChildJvm.Result run = new ChildJvm()
                .jvmArg("-Djdk.attach.allowAttachSelf=true")
                .jvmArg("-Doceum.api.key=it-key")
                .jvmArg("-Doceum.agent.id=agent-it")
                .jvmArg("-Doceum.base.url=" + receiver.baseUrl())
                .classPath(APP_CLASSES)
                .run("example.app.AttachSideLoadApp", AGENT_JAR);

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.value("result")).isEqualTo("worked");
        List<Recorded> completes = receiver.awaitEvents("task_complete", 2, WAIT);
        assertThat(completes)
                .extracting(c -> c.data().path("taskName").asText())
                .containsExactlyInAnyOrder("desk-worker", "side-loaded");
    }

    @Test
    void announcesItselfThroughTheSystemPropertyOnceInstalled() throws Exception {
        ChildJvm.Result run = withAgent(null).run("example.app.PropertyApp");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.value("active")).as(run.toString()).isEqualTo("true");
    }

    @Test
    void leavesThePropertyUnsetWithoutTheAgentOrWhenItCouldNotStart() throws Exception {
        assertThat(new ChildJvm()
                        .classPath(APP_CLASSES)
                        .run("example.app.PropertyApp")
                        .value("active"))
                .isEqualTo("null");
        ChildJvm.Result failed = withAgent("no-such-option").run("example.app.PropertyApp");
        assertThat(failed.stderr())
                .as(failed.toString())
                .singleElement()
                .asString()
                .contains("not started");
        assertThat(failed.value("active"))
                .as("a failed start must not make other integrations step back")
                .isEqualTo("null");
    }

    @Test
    void keepsAValueTheUserSet() throws Exception {
        ChildJvm.Result run =
                withAgent(null).jvmArg("-Doceum.javaagent.active=false").run("example.app.PropertyApp");

        assertThat(run.value("active"))
                .as("an explicit false keeps the starter's interceptor on")
                .isEqualTo("false");
    }

    @Test
    void namesEachInstrumentedClassWithTheDebugOption() throws Exception {
        ChildJvm.Result run = withAgent("debug").run("example.app.StackTraceApp");

        assertThat(run.stderr())
                .as(run.toString())
                .anyMatch(l -> l.startsWith(OceumAgent.PREFIX + "started"))
                .contains(OceumAgent.PREFIX + "instrumented example.app.StackTraceApp");
    }

    private static String location(Class<?> type) throws URISyntaxException {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI())
                .toString();
    }
}
