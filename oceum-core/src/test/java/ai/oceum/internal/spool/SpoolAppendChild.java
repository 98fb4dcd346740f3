package ai.oceum.internal.spool;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The process {@link MappedSpoolTest} kills with {@code kill -9} while it appends: appends
 * {@link MappedSpoolTest#record(int)} for 0, 1, 2… to a spool (through its mapping), printing
 * {@code appended <i>} after each append returned, until {@code count} or the byte limit, then
 * prints {@code stopped} and waits to be killed. Arguments: spool directory, byte limit, count.
 */
public final class SpoolAppendChild {
    private SpoolAppendChild() {}

    public static void main(String[] args) throws Exception {
        Spool spool = Spool.open(Path.of(args[0]), Long.parseLong(args[1]), true);
        int count = Integer.parseInt(args[2]);
        try {
            for (int i = 0; i < count; i++) {
                spool.append(MappedSpoolTest.record(i).getBytes(StandardCharsets.UTF_8));
                System.out.println("appended " + i);
            }
        } catch (Spool.FullException full) {
            // The byte limit: what was appended stays.
        }
        System.out.println("stopped");
        System.out.flush();
        new java.util.concurrent.CountDownLatch(1).await(); // until the test kills this process
    }
}
