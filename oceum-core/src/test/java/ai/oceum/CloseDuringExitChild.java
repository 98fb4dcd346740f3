package ai.oceum;

import ai.oceum.testing.TestClients;
import java.time.Duration;
import java.util.Map;

/**
 * A process that exits ({@code System.exit(0)}) while a worker thread is inside {@code close()}:
 * {@link OceumCloseTest} checks that the shutdown hook waits for that close, so that the JVM does
 * not end in the middle of its flush. Arguments: base URL, count.
 */
public final class CloseDuringExitChild {
    private CloseDuringExitChild() {}

    public static void main(String[] args) throws Exception {
        Oceum oceum = TestClients.builder(args[0], "closing-child")
                .shutdownHook(true)
                .closeTimeout(Duration.ofSeconds(20))
                .build();
        int count = Integer.parseInt(args[1]);
        for (int i = 0; i < count; i++) {
            oceum.taskComplete("event", Map.of("seq", i));
        }
        Thread worker = new Thread(() -> oceum.close(Duration.ofSeconds(20)), "worker");
        worker.setDaemon(true); // the exit does not wait for it: only the hook can
        worker.start();
        while (!oceum.isClosed()) {
            Thread.onSpinWait();
        }
        System.out.println("exiting while the worker closes");
        System.exit(0);
    }
}
