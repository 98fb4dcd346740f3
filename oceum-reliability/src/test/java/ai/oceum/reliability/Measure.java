package ai.oceum.reliability;

import ai.oceum.DropReason;
import ai.oceum.Oceum;
import ai.oceum.OceumStats;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/** Shared steps of a row: the events, the timed calls, heap after GC, cleanup. */
final class Measure {
    private Measure() {}

    /** The meta of event {@code seq}: its number, and padding when a row needs big events. */
    static Map<String, Object> meta(int seq, int paddingChars) {
        Map<String, Object> meta = new LinkedHashMap<>(4);
        meta.put("seq", seq);
        if (paddingChars > 0) {
            meta.put("padding", "x".repeat(paddingChars));
        }
        return meta;
    }

    /**
     * Sends {@code events} task completions, spread evenly over {@code windowNanos} (0: one
     * burst), and returns the longest single call in nanoseconds.
     */
    static long send(Oceum oceum, int events, long windowNanos, int paddingChars) {
        long worst = 0;
        long start = System.nanoTime();
        for (int i = 0; i < events; i++) {
            if (windowNanos > 0) {
                // Load shaping, not a wait for a condition: the next event is due at a fixed time.
                long due = start + windowNanos * i / events;
                long now;
                while ((now = System.nanoTime()) < due) {
                    LockSupport.parkNanos(due - now);
                }
            }
            Map<String, Object> meta = meta(i, paddingChars);
            long t0 = System.nanoTime();
            oceum.taskComplete("fault-matrix", meta);
            worst = Math.max(worst, System.nanoTime() - t0);
        }
        return worst;
    }

    /** Events counted as dropped, whatever the reason. */
    static long counted(OceumStats stats) {
        long n = 0;
        for (DropReason r : DropReason.values()) {
            n += stats.dropped(r);
        }
        return n;
    }

    /** Heap in use after full collections. */
    static long heapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** A fresh spool directory under the module's target directory. */
    static Path newSpoolDir(String name) throws java.io.IOException {
        Path base = Path.of(
                System.getProperty("reliability.moduleDir", System.getProperty("user.dir")), "target", "spools");
        Files.createDirectories(base);
        return Files.createTempDirectory(base, name.replaceAll("[^A-Za-z0-9]+", "-"));
    }

    static void deleteTree(Path dir) throws java.io.IOException {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
