package example.app;

import ai.oceum.annotation.AgentTask;

/**
 * Throws a checked exception through annotated instance, private and static methods and prints
 * the stack trace the caller sees, so that runs with and without the agent can be compared. It
 * touches no Oceum class, so it also runs with nothing of Oceum on the class path.
 */
public class StackTraceApp {
    @SuppressWarnings("StaticAssignmentOfThrowable") // one known exception whose stack trace the test compares
    static final Exception THROWN = new Exception("leaf failed");

    public static void main(String[] args) {
        try {
            new StackTraceApp().entry();
            System.out.println("no exception");
        } catch (Exception caught) {
            System.out.println("same-instance=" + (caught == THROWN));
            System.out.println("--- trace");
            for (StackTraceElement e : caught.getStackTrace()) {
                System.out.println(e);
            }
            System.out.println("--- end");
        }
        System.out.println("done");
    }

    @AgentTask("failing-entry")
    public void entry() throws Exception {
        step();
    }

    @AgentTask("failing-step")
    private void step() throws Exception {
        leaf();
    }

    @AgentTask("failing-leaf")
    static void leaf() throws Exception {
        THROWN.fillInStackTrace();
        throw THROWN;
    }
}
