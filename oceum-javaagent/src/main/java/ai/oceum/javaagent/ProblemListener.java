package ai.oceum.javaagent;

import java.util.concurrent.atomic.AtomicInteger;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.utility.JavaModule;

/**
 * Says on stderr which classes could not be instrumented (they run unchanged), at most
 * {@value #MAX_LINES} lines so that a broken class path cannot flood the output; with the
 * {@code debug} option also which classes were instrumented.
 */
final class ProblemListener extends AgentBuilder.Listener.Adapter {
    static final int MAX_LINES = 20;

    private final boolean debug;
    private final AtomicInteger errors = new AtomicInteger();

    ProblemListener(boolean debug) {
        this.debug = debug;
    }

    @Override
    public void onTransformation(
            TypeDescription type, ClassLoader loader, JavaModule module, boolean loaded, DynamicType dynamicType) {
        if (debug) {
            System.err.println(OceumAgent.PREFIX + "instrumented " + type.getName());
        }
    }

    @Override
    public void onError(String typeName, ClassLoader loader, JavaModule module, boolean loaded, Throwable throwable) {
        int n = errors.incrementAndGet();
        if (n <= MAX_LINES) {
            System.err.println(OceumAgent.PREFIX + "could not instrument " + typeName + ", it runs unreported: "
                    + OceumAgent.describe(throwable));
        } else if (n == MAX_LINES + 1) {
            System.err.println(OceumAgent.PREFIX + "more classes could not be instrumented; not listed");
        }
    }
}
