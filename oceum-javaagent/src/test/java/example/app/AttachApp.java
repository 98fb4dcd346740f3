package example.app;

import ai.oceum.annotation.AgentTask;
import com.sun.tools.attach.VirtualMachine;

/**
 * Loads and runs an annotated class, then attaches the agent to itself (as a tool attaching to a
 * running JVM would) and runs the same, already loaded, method again: only the second call is
 * reported, after retransformation. Prints the {@code oceum.javaagent.active} property before and
 * after the attach.
 */
public class AttachApp {
    public static void main(String[] args) throws Exception {
        AttachApp app = new AttachApp();
        System.out.println("before=" + app.work());
        System.out.println("active-before=" + System.getProperty("oceum.javaagent.active"));
        VirtualMachine vm =
                VirtualMachine.attach(String.valueOf(ProcessHandle.current().pid()));
        try {
            vm.loadAgent(args[0]);
        } finally {
            vm.detach();
        }
        System.out.println("after=" + app.work());
        System.out.println("active-after=" + System.getProperty("oceum.javaagent.active"));
        System.out.println("done");
    }

    @AgentTask("attached-later")
    String work() {
        return "worked";
    }
}
