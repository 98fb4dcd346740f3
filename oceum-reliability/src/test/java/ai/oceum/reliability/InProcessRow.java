package ai.oceum.reliability;

import ai.oceum.Oceum;
import ai.oceum.OceumStats;
import ai.oceum.testing.TestReceiver;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/** A row run by one client in this JVM against a misbehaving receiver. */
record InProcessRow(Fault fault, boolean spool) implements MatrixRow {

    @Override
    public RowResult run(Scale scale) throws Exception {
        long started = System.nanoTime();
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        Path spoolDir = spool ? Measure.newSpoolDir(fault.name()) : null;
        try (TestReceiver receiver = TestReceiver.start(); TcpGate gate = TcpGate.to(receiver.port())) {
            fault.behaviour().accept(new Rig(receiver, gate, scheduler, scale));
            Oceum oceum = fault.client().apply(Clients.builder(gate.baseUrl(), spoolDir)).build();
            OceumStats stats;
            long worst;
            try {
                long window = fault.paced() ? scale.outage().multipliedBy(3).dividedBy(2).toNanos() : 0;
                worst = Measure.send(oceum, scale.events(), window, fault.paddingChars());
                oceum.flush(scale.settleTimeout());
            } finally {
                oceum.close(Duration.ZERO);
            }
            stats = oceum.stats();
            Deliveries deliveries = Deliveries.of(receiver, scale.events());
            return new RowResult(fault.name(), spool, scale.events(), deliveries, stats, Measure.counted(stats), worst,
                    Measure.heapAfterGc(), Duration.ofNanos(System.nanoTime() - started));
        } finally {
            scheduler.shutdownNow();
            Measure.deleteTree(spoolDir);
        }
    }

    @Override
    public String toString() {
        return fault.name() + (spool ? ", spool" : ", no spool");
    }
}
