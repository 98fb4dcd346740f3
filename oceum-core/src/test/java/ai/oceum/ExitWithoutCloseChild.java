package ai.oceum;

import ai.oceum.testing.TestClients;
import java.util.Map;

/**
 * A process that reports events and returns from {@code main} without closing its client:
 * {@link OceumLifecycleTest} checks that the shutdown hook delivers them. Arguments: base URL, count.
 */
public final class ExitWithoutCloseChild {
    private ExitWithoutCloseChild() {}

    public static void main(String[] args) {
        Oceum oceum =
                TestClients.builder(args[0], "exiting-child").shutdownHook(true).build();
        int count = Integer.parseInt(args[1]);
        for (int i = 0; i < count; i++) {
            oceum.taskComplete("event", Map.of("seq", i));
        }
        System.out.println("returning from main");
    }
}
