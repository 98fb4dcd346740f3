package ai.oceum.reliability;

import ai.oceum.testing.TestReceiver.Reply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The faults of the matrix, in table order. */
final class Faults {
    /** The request timeout of the slow-receiver row; its slow answers take twice as long. */
    static final Duration SLOW_TIMEOUT = Duration.ofMillis(250);
    /** The smallest spool the builder accepts: the "disk" that fills up. */
    static final long TINY_SPOOL_BYTES = 64 * 1024;
    /** Every response of the kill row's first process is this late, so that delivery is mid-way when it dies. */
    static final Duration KILL_ROW_DELAY = Duration.ofMillis(30);

    private Faults() {}

    static List<Fault> all(Scale scale) {
        int firstFailures = scale.events() / 5;
        List<Fault> faults = new ArrayList<>();
        faults.add(Fault.of(
                        "receiver down " + scale.outage().toSeconds() + " s, then back",
                        "nothing listens on the port (connection refused, live connections reset) for "
                                + scale.outage().toSeconds()
                                + " s from the first event; events are sent evenly over 1.5 × that",
                        rig -> rig.downFor(scale.outage()))
                .sentOverTheOutage());
        faults.add(Fault.of(
                "500 for the first " + firstFailures + " requests",
                "HTTP 500 to requests 1.." + firstFailures + ", then 200",
                rig -> rig.receiver().respondWith(r -> r.number() <= firstFailures ? Reply.status(500) : Reply.ok())));
        faults.add(Fault.of(
                "429 + Retry-After on every 5th",
                "every 5th request gets 429 with `Retry-After: 1` (the client caps the wait at retryMaxDelay)",
                rig -> rig.receiver().respondWith(r -> r.number() % 5 == 0 ? Reply.tooManyRequests("1") : Reply.ok())));
        faults.add(Fault.of(
                "connection closed on every 7th",
                "every 7th request: the receiver closes the connection without answering",
                rig -> rig.receiver().respondWith(r -> r.number() % 7 == 0 ? Reply.disconnect() : Reply.ok())));
        Duration slow = SLOW_TIMEOUT.multipliedBy(2);
        faults.add(Fault.of(
                        "every 3rd answer slower than the timeout",
                        "every 3rd request is answered after " + slow.toMillis() + " ms, the client's timeout being "
                                + SLOW_TIMEOUT.toMillis()
                                + " ms (the receiver has recorded it: a retry is a duplicate)",
                        rig -> rig.receiver()
                                .respondWith(
                                        r -> r.number() % 3 == 0 ? Reply.ok().after(slow) : Reply.ok()))
                .withClient(b -> b.requestTimeout(SLOW_TIMEOUT)));
        faults.add(Fault.of(
                        "401 on every request, then the key fixed",
                        "every request gets 401 (key revoked or mistyped) while the client runs (it is flushed for "
                                + scale.outage().toSeconds()
                                + " s, then closed); then the key is fixed: the receiver answers 200"
                                + " and, as an operator restarts the agent, a new client is started on the same spool directory"
                                + " (without a spool there is nothing to hand over)",
                        rig -> rig.receiver().respondWith(r -> Reply.status(401)))
                .thenRestartedAfter(rig -> rig.receiver().respondWith(r -> Reply.ok())));
        faults.add(Fault.of(
                        "spool full (" + TINY_SPOOL_BYTES / 1024 + " KiB limit) while down",
                        "spoolMaxBytes " + TINY_SPOOL_BYTES
                                + " (the builder's minimum) and ~1 KiB events while the receiver is down "
                                + scale.outage().toSeconds()
                                + " s: the spool fills up, and the events past its limit wait in the"
                                + " memory queue instead (not crash-safe, counted in `stats().notSpooled()`)",
                        rig -> rig.downFor(scale.outage()))
                .withClient(b -> b.spoolMaxBytes(TINY_SPOOL_BYTES))
                .padded(1024)
                .spoolOnly());
        return faults;
    }
}
