package ai.oceum.spring.boot.task;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Locale;

/**
 * Whether the {@code oceum-javaagent} Java agent reports {@code @AgentTask} calls in this JVM:
 * then the starter's interceptor steps back, or every call would be reported twice.
 *
 * <p>First the system property {@value #PROPERTY} (the agent is to set it to {@code true} once it
 * is installed; {@code false} forces the starter's interceptor on); without it, whether the JVM
 * was started with {@code -javaagent:} naming an {@code oceum-javaagent} jar. An agent attached at
 * run time is seen only through the property.
 */
final class JavaAgentDetector {
    /** Set to {@code true} by the Java agent once installed. */
    static final String PROPERTY = "oceum.javaagent.active";

    private JavaAgentDetector() {}

    static boolean agentActive() {
        String flag = System.getProperty(PROPERTY);
        if (flag != null) {
            return Boolean.parseBoolean(flag.strip());
        }
        try {
            return startedWithAgent(ManagementFactory.getRuntimeMXBean().getInputArguments());
        } catch (RuntimeException | LinkageError e) {
            return false; // no java.management: only the property can tell
        }
    }

    static boolean startedWithAgent(List<String> jvmArguments) {
        for (String argument : jvmArguments) {
            String a = argument.toLowerCase(Locale.ROOT);
            if (a.startsWith("-javaagent:") && a.contains("oceum-javaagent")) {
                return true;
            }
        }
        return false;
    }
}
