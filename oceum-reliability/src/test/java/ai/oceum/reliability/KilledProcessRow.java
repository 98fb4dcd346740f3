package ai.oceum.reliability;

import ai.oceum.Oceum;
import ai.oceum.OceumStats;
import ai.oceum.testing.ChildJvm;
import ai.oceum.testing.TestReceiver;
import ai.oceum.testing.TestReceiver.Reply;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.awaitility.Awaitility;

/**
 * The kill row: a child JVM (this test class path) sends every event through a spooling client
 * and is killed with {@link Process#destroyForcibly()} ({@code kill -9}) while delivery is
 * mid-way; then a new client in this JVM opens the same spool directory and must send the rest.
 */
final class KilledProcessRow implements MatrixRow {
    private static final Fault FAULT = new Fault(
            "process killed (kill -9) mid-stream",
            "a child JVM sends every event (spool), is killed with destroyForcibly() once a quarter are delivered "
                    + "(answers take " + Faults.KILL_ROW_DELAY.toMillis()
                    + " ms); a new client on the same spool sends the rest",
            rig -> {},
            UnaryOperator.identity(),
            false,
            0,
            null,
            false,
            null);

    @Override
    public Fault fault() {
        return FAULT;
    }

    @Override
    public boolean spool() {
        return true;
    }

    @Override
    public RowResult run(Scale scale) throws Exception {
        long started = System.nanoTime();
        Path spoolDir = Measure.newSpoolDir("killed");
        Path out = Files.createTempFile(spoolDir.getParent(), "child", ".out");
        int events = scale.events();
        try (TestReceiver receiver = TestReceiver.start();
                TcpGate gate = TcpGate.to(receiver.port())) {
            receiver.respondWith(r -> Reply.ok().after(Faults.KILL_ROW_DELAY));
            Process child = startChild(gate.baseUrl(), spoolDir, events, out);
            long worst;
            try {
                Awaitility.await("child accepted every event and a quarter are delivered")
                        .atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(5))
                        .until(() -> accepted(out) != null
                                        && receiver.deliveredEventIds().size() >= events / 4
                                || !child.isAlive());
                String[] line = accepted(out);
                if (line == null) {
                    throw new AssertionError("child JVM ended early: " + Files.readString(out));
                }
                worst = Long.parseLong(line[2]);
            } finally {
                child.destroyForcibly();
                child.waitFor();
            }
            int deliveredBeforeKill = receiver.deliveredEventIds().size();
            if (deliveredBeforeKill >= events) {
                throw new AssertionError("everything was delivered before the kill: the row proves nothing");
            }
            receiver.respondWith(r -> Reply.ok());
            Oceum next = Clients.builder(gate.baseUrl(), spoolDir).build();
            OceumStats stats;
            try {
                next.flush(scale.settleTimeout());
            } finally {
                next.close(Duration.ZERO);
            }
            stats = next.stats();
            Deliveries deliveries = Deliveries.of(receiver, events);
            return new RowResult(
                    FAULT.name(),
                    true,
                    events,
                    deliveries,
                    stats,
                    Measure.counted(stats),
                    worst,
                    Measure.heapAfterGc(),
                    Duration.ofNanos(System.nanoTime() - started));
        } finally {
            Files.deleteIfExists(out);
            Measure.deleteTree(spoolDir);
        }
    }

    private static Process startChild(String baseUrl, Path spoolDir, int events, Path out) throws java.io.IOException {
        return new ChildJvm()
                .jvmArg("-Xmx128m")
                .jvmArg("-XX:TieredStopAtLevel=1")
                .start(out, SpoolWriterMain.class.getName(), baseUrl, spoolDir.toString(), Integer.toString(events));
    }

    /** The child's ACCEPTED line split in words, or null before it printed it. */
    private static String[] accepted(Path out) throws java.io.IOException {
        for (String line : Files.readAllLines(out, StandardCharsets.UTF_8)) {
            if (line.startsWith("ACCEPTED ")) {
                return line.split(" ");
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return FAULT.name() + ", spool";
    }
}
