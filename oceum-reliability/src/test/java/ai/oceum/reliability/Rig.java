package ai.oceum.reliability;

import ai.oceum.testing.TestReceiver;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * What a fault acts on: the recording receiver, the gate the client connects through, and a
 * scheduler for faults that change over time (an outage that ends).
 */
record Rig(TestReceiver receiver, TcpGate gate, ScheduledExecutorService scheduler, Scale scale) {

    /** Shuts the gate now and opens it again after {@code outage}. */
    void downFor(Duration outage) {
        gate.shut();
        scheduler.schedule(
                () -> {
                    gate.open();
                    return null;
                },
                outage.toMillis(),
                TimeUnit.MILLISECONDS);
    }
}
