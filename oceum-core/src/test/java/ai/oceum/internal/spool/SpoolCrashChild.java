package ai.oceum.internal.spool;

import ai.oceum.Oceum;
import ai.oceum.testing.TestClients;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The process {@link SpoolQueueTest} kills with {@code kill -9} while it sends: reports
 * {@code count} events through a spooled client, printing {@code accepted <n>} after each call
 * returned, then waits to be killed. Arguments: base URL, spool directory, count.
 */
public final class SpoolCrashChild {
    private SpoolCrashChild() {}

    public static void main(String[] args) throws Exception {
        String baseUrl = args[0];
        Path spool = Path.of(args[1]);
        int count = Integer.parseInt(args[2]);
        Oceum oceum = TestClients.builder(baseUrl, "crash-child")
                .spoolDir(spool)
                .maxInFlight(2)
                .requestTimeout(Duration.ofSeconds(30))
                .build();
        for (int i = 0; i < count; i++) {
            oceum.taskComplete("event", Map.of("seq", i));
            System.out.println("accepted " + i);
        }
        System.out.println("all accepted");
        System.out.flush();
        new java.util.concurrent.CountDownLatch(1).await(); // until the test kills this process
    }
}
