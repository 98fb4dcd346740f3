package ai.oceum.javaagent;

import static net.bytebuddy.matcher.ElementMatchers.any;
import static net.bytebuddy.matcher.ElementMatchers.declaresMethod;
import static net.bytebuddy.matcher.ElementMatchers.isBootstrapClassLoader;
import static net.bytebuddy.matcher.ElementMatchers.isExtensionClassLoader;
import static net.bytebuddy.matcher.ElementMatchers.isSynthetic;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;

import ai.oceum.integration.AgentTaskCalls;
import java.lang.instrument.Instrumentation;
import java.net.URL;
import java.security.CodeSource;
import net.bytebuddy.agent.builder.AgentBuilder;

/**
 * The Java agent: {@code java -javaagent:oceum-javaagent.jar -jar app.jar}. Every method carrying
 * {@link ai.oceum.annotation.AgentTask} — instance, static or private, in any class loaded after
 * the agent — reports each call as an Oceum task, through the client of
 * {@link ai.oceum.Oceum#global()} (looked up on each call, so the application may still call
 * {@code Oceum.setGlobal} after the agent started).
 *
 * <p>Starting never stops the application: if anything goes wrong the agent prints one line to
 * stderr, starting {@value #PREFIX}, and the application runs uninstrumented. That includes an
 * oceum-core whose {@link AgentTaskCalls} SPI is not the one this agent was built against (the
 * application bundles a core of another version, which wins over the agent's own copy): the
 * inlined advice would call methods that may not be there.
 *
 * <p>Once installed it sets the system property {@value #ACTIVE_PROPERTY} to {@code true}, so that
 * other Oceum integrations in the JVM (the Spring Boot starter's {@code @AgentTask} interceptor)
 * step back instead of reporting each call a second time; a value already set (a user's
 * {@code -Doceum.javaagent.active=false}) is left as it is. Not set when the agent did not start.
 */
public final class OceumAgent {
    static final String PREFIX = "[oceum-javaagent] ";
    /** Set to {@code true} once the agent is installed (premain and agentmain). */
    static final String ACTIVE_PROPERTY = "oceum.javaagent.active";

    private OceumAgent() {}

    /** Called by the JVM for {@code -javaagent}, before the application's {@code main}. */
    public static void premain(String args, Instrumentation instrumentation) {
        start(args, instrumentation, false);
    }

    /** Called when the agent is attached to a running JVM: classes already loaded are retransformed. */
    public static void agentmain(String args, Instrumentation instrumentation) {
        start(args, instrumentation, true);
    }

    private static void start(String args, Instrumentation instrumentation, boolean attached) {
        try {
            AgentOptions options = AgentOptions.parse(args);
            String mismatch = spiMismatch();
            if (mismatch != null) {
                System.err.println(
                        PREFIX + "not started, the application runs without @AgentTask reporting: " + mismatch);
                return;
            }
            warnIfTheApplicationCarriesAnotherCore(options);
            install(options, instrumentation, attached);
            announce();
        } catch (Throwable t) {
            System.err.println(
                    PREFIX + "not started, the application runs without @AgentTask reporting: " + describe(t));
        }
    }

    private static void install(AgentOptions options, Instrumentation instrumentation, boolean attached) {
        AgentBuilder builder = new AgentBuilder.Default()
                // Advice only changes method bodies, so classes may also be retransformed later.
                .disableClassFormatChanges();
        if (attached) {
            builder = builder.with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
                    // Describing a loaded class can load others its signatures name (a Spring
                    // configuration's bean types), on this thread, where the transformer does not run:
                    // look at the loaded classes again until no new one appears, or those stay uninstrumented.
                    .with(AgentBuilder.RedefinitionStrategy.DiscoveryStrategy.Reiterating.INSTANCE);
        }
        builder = builder.with(new ProblemListener(options.debug()))
                // JDK classes and our own never carry @AgentTask: not even looked at.
                .ignore(any(), isBootstrapClassLoader().or(isExtensionClassLoader()))
                .or(nameStartsWith("ai.oceum.javaagent.").or(isSynthetic()));
        builder.type(declaresMethod(AgentTaskTransformer.ANNOTATED))
                .transform(new AgentTaskTransformer())
                .installOn(instrumentation);
        if (options.debug()) {
            System.err.println(PREFIX + "started; @AgentTask calls report through "
                    + location(AgentTaskCalls.class.getProtectionDomain().getCodeSource()));
        }
    }

    /**
     * Tells the rest of the JVM that {@code @AgentTask} calls are reported here. Only when absent:
     * an explicit value is the user's decision (and a second attach must not undo it).
     */
    private static void announce() {
        System.getProperties().putIfAbsent(ACTIVE_PROPERTY, "true");
    }

    /**
     * Why the oceum-core found at run time cannot serve this agent's advice, or null when it can:
     * its {@link AgentTaskCalls#spiVersion()} differs from the {@link AgentTaskCalls#SPI_VERSION}
     * compiled into this agent, or the application's core is older than the SPI (then the agent's
     * own {@code AgentTaskCalls} would run on the application's {@code Oceum}, a mix of versions).
     */
    static String spiMismatch() {
        CodeSource spi = AgentTaskCalls.class.getProtectionDomain().getCodeSource();
        CodeSource core = ai.oceum.Oceum.class.getProtectionDomain().getCodeSource();
        int found = AgentTaskCalls.spiVersion();
        if (found != AgentTaskCalls.SPI_VERSION) {
            return "the oceum-core " + AgentTaskCalls.coreVersion() + " at " + location(spi)
                    + " offers the @AgentTask SPI"
                    + " version " + found + ", this agent needs version " + AgentTaskCalls.SPI_VERSION
                    + "; use the oceum-javaagent of the application's oceum-core version";
        }
        if (spi != null && core != null && !spi.getLocation().equals(core.getLocation())) {
            return "the application's oceum-core at " + location(core) + " has no @AgentTask SPI (it is older than this"
                    + " agent); use the oceum-javaagent of the application's oceum-core version";
        }
        return null;
    }

    /**
     * The inlined advice calls the {@code ai.oceum} classes its own class loader finds first; when
     * the application bundles oceum-core itself, that is the application's copy (the agent jar
     * comes last on the system class path). Say so when the two versions differ.
     */
    private static void warnIfTheApplicationCarriesAnotherCore(AgentOptions options) {
        CodeSource core = AgentTaskCalls.class.getProtectionDomain().getCodeSource();
        CodeSource agent = OceumAgent.class.getProtectionDomain().getCodeSource();
        if (core == null || agent == null || core.getLocation().equals(agent.getLocation())) {
            return;
        }
        String coreVersion = AgentTaskCalls.coreVersion();
        String agentVersion = OceumAgent.class.getPackage().getImplementationVersion();
        if (options.debug() || (agentVersion != null && !agentVersion.equals(coreVersion))) {
            System.err.println(PREFIX + "the application's own oceum-core " + coreVersion + " (" + location(core)
                    + ") is used, not the agent's " + agentVersion + "; keep the two versions equal");
        }
    }

    private static String location(CodeSource source) {
        URL url = source == null ? null : source.getLocation();
        return url == null ? "the boot class path" : url.toString();
    }

    static String describe(Throwable t) {
        String message = t.getMessage();
        return t.getClass().getSimpleName()
                + (message == null ? "" : ": " + message.lines().findFirst().orElse(""));
    }
}
