package example.app;

import ai.oceum.annotation.AgentTask;
import com.sun.tools.attach.VirtualMachine;

/**
 * Attaches the agent while a class is loaded whose method signatures name an annotated class not
 * loaded yet ({@link Desk#worker()} returns {@link Worker}): describing {@code Desk} for
 * retransformation loads {@code Worker} as a side effect, on the agent's own thread, where its
 * transformer does not run — the shape of a Spring {@code @Configuration} class with a bean method.
 * Prints the task's result after the attach.
 */
public class AttachSideLoadApp {
    public static void main(String[] args) throws Exception {
        Desk desk = new Desk();
        VirtualMachine vm =
                VirtualMachine.attach(String.valueOf(ProcessHandle.current().pid()));
        try {
            vm.loadAgent(args[0]);
        } finally {
            vm.detach();
        }
        System.out.println("result=" + desk.worker().work());
        System.out.println("done");
    }

    /** Loaded before the attach; only its signature names {@link Worker}. */
    public static class Desk {
        @AgentTask("desk-worker")
        Worker worker() {
            return new Worker();
        }
    }

    /** Not loaded before the attach (nothing has touched it yet). */
    public static class Worker {
        @AgentTask("side-loaded")
        String work() {
            return "worked";
        }
    }
}
