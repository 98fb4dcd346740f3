package ai.oceum.reliability;

import ai.oceum.DropReason;
import ai.oceum.Oceum;
import ai.oceum.OceumStats;
import ai.oceum.testing.TestReceiver;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * A row run in this JVM against a misbehaving receiver: one client, or for a fault with a repair,
 * a first client that meets the fault and a second one started on the same spool once it is fixed.
 */
record InProcessRow(Fault fault, boolean spool) implements MatrixRow {

    @Override
    public RowResult run(Scale scale) throws Exception {
        long started = System.nanoTime();
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        Path spoolDir = spool ? Measure.newSpoolDir(fault.name()) : null;
        try (TestReceiver receiver = TestReceiver.start();
                TcpGate gate = TcpGate.to(receiver.port())) {
            Rig rig = new Rig(receiver, gate, scheduler, scale);
            fault.behaviour().accept(rig);
            Oceum oceum = fault.client()
                    .apply(Clients.builder(gate.baseUrl(), spoolDir))
                    .build();
            long worst;
            try {
                long window = fault.paced()
                        ? scale.outage().multipliedBy(3).dividedBy(2).toNanos()
                        : 0;
                worst = Measure.send(oceum, scale.events(), window, fault.paddingChars());
                // A fault that only a repair ends lasts the outage time; the others settle on their own.
                oceum.flush(fault.repair() == null ? scale.settleTimeout() : scale.outage());
            } finally {
                oceum.close(Duration.ZERO);
            }
            OceumStats stats = oceum.stats();
            if (fault.repair() != null && spool) {
                fault.repair().accept(rig);
                stats = combine(stats, restartOn(spoolDir, gate, scale));
            }
            Deliveries deliveries = Deliveries.of(receiver, scale.events());
            return new RowResult(
                    fault.name(),
                    spool,
                    scale.events(),
                    deliveries,
                    stats,
                    Measure.counted(stats),
                    worst,
                    Measure.heapAfterGc(),
                    Duration.ofNanos(System.nanoTime() - started));
        } finally {
            scheduler.shutdownNow();
            Measure.deleteTree(spoolDir);
        }
    }

    /** The agent restarted: a new client (common options) on the same spool sends what is left. */
    private static OceumStats restartOn(Path spoolDir, TcpGate gate, Scale scale) {
        Oceum next = Clients.builder(gate.baseUrl(), spoolDir).build();
        try {
            next.flush(scale.settleTimeout());
        } finally {
            next.close(Duration.ZERO);
        }
        return next.stats();
    }

    /**
     * The two clients as one: events accepted by the first, sent and dropped by either, left in
     * the spool by the second, so that the balance accepted = sent + dropped + spooled still holds.
     */
    private static OceumStats combine(OceumStats first, OceumStats second) {
        Map<DropReason, Long> dropped = new EnumMap<>(DropReason.class);
        for (DropReason r : DropReason.values()) {
            dropped.put(r, first.dropped(r) + second.dropped(r));
        }
        return new OceumStats(
                first.accepted() + second.accepted(),
                second.queued(),
                second.inFlight(),
                first.sent() + second.sent(),
                first.retried() + second.retried(),
                first.failed() + second.failed(),
                dropped,
                second.spooled(),
                second.replayed(),
                first.notSpooled() + second.notSpooled());
    }

    @Override
    public String toString() {
        return fault.name() + (spool ? ", spool" : ", no spool");
    }
}
