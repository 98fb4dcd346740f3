package ai.oceum.internal.delivery;

import ai.oceum.internal.spool.Spool;
import java.io.IOException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Opens the queue a client's settings ask for. Stateless. */
public final class EventQueues {
    private static final Logger log = LoggerFactory.getLogger("ai.oceum");

    private EventQueues() {}

    /**
     * A queue of {@code capacity} events in memory, backed by the spool in {@code spoolDir} when one
     * is set. An unusable spool must not stop the agent: the queue is then memory only, with one
     * warning that says so.
     */
    public static EventQueue open(Path spoolDir, long spoolMaxBytes, int capacity) {
        if (spoolDir == null) {
            return new MemoryQueue(capacity);
        }
        try {
            return new SpoolQueue(Spool.open(spoolDir, spoolMaxBytes), capacity);
        } catch (IOException | RuntimeException e) {
            log.warn(
                    "Oceum spool directory {} cannot be used ({}); events are kept in memory only",
                    spoolDir,
                    e.toString());
            return new MemoryQueue(capacity);
        }
    }
}
