package ai.oceum.internal.spool;

import ai.oceum.Oceum;
import ai.oceum.OceumStats;
import ai.oceum.testing.TestClients;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A second process on a spool directory ({@link SpoolSharingTest}): opens a client on it, sends
 * whatever it adopts, and prints {@code replayed <n>} before it closes. Arguments: base URL,
 * spool directory.
 */
public final class SpoolAdoptChild {
    private SpoolAdoptChild() {}

    public static void main(String[] args) {
        Oceum oceum = TestClients.builder(args[0], "adopting-child")
                .spoolDir(Path.of(args[1]))
                .build();
        oceum.flush(Duration.ofSeconds(5));
        OceumStats s = oceum.stats();
        oceum.close(Duration.ofSeconds(5));
        System.out.println("replayed " + s.replayed());
    }
}
