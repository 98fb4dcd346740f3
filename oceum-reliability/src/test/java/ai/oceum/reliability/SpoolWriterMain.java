package ai.oceum.reliability;

import ai.oceum.Oceum;
import java.nio.file.Path;

/**
 * The child JVM of the kill row: sends task completions through a spooling client, prints
 * {@code ACCEPTED <events> <worst call ns>}, then waits to be killed ({@code destroyForcibly}, a
 * SIGKILL on Unix) while its events are still being delivered.
 *
 * <p>Arguments: base URL, spool directory, number of events.
 */
public final class SpoolWriterMain {
    private SpoolWriterMain() {}

    public static void main(String[] args) throws Exception {
        String baseUrl = args[0];
        Path spoolDir = Path.of(args[1]);
        int events = Integer.parseInt(args[2]);
        Oceum oceum = Clients.builder(baseUrl, spoolDir).build();
        long worst = Measure.send(oceum, events, 0, 0);
        System.out.println("ACCEPTED " + events + " " + worst);
        System.out.flush();
        // Stay alive, delivering, until the parent kills this process.
        Thread.currentThread().join();
    }
}
