package ai.oceum.reliability;

import ai.oceum.OceumBuilder;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * One fault of the matrix.
 *
 * @param name the row name in the table
 * @param what what the receiver does, for the table's notes
 * @param behaviour sets the fault up on the rig before the first event
 * @param client changes to the common client options this fault needs
 * @param paced whether events are spread over 1.5 × the outage (else sent in one burst)
 * @param paddingChars extra characters in each event's meta (to fill a spool)
 * @param spoolLoss null when a spooling client must deliver every event; otherwise why a loss is
 *     expected even with a spool (it must still be counted)
 * @param withoutSpool whether the row is also run without a spool
 * @param repair null, or what fixes the fault once the first client has been flushed for the
 *     outage time and closed; then a second client is started on the same spool directory (as an
 *     operator restarts the agent) and the row counts what the two delivered together
 */
record Fault(
        String name,
        String what,
        Consumer<Rig> behaviour,
        UnaryOperator<OceumBuilder> client,
        boolean paced,
        int paddingChars,
        String spoolLoss,
        boolean withoutSpool,
        Consumer<Rig> repair) {

    /** A burst fault on the common client options, run with and without a spool. */
    static Fault of(String name, String what, Consumer<Rig> behaviour) {
        return new Fault(name, what, behaviour, UnaryOperator.identity(), false, 0, null, true, null);
    }

    Fault withClient(UnaryOperator<OceumBuilder> tweak) {
        return new Fault(name, what, behaviour, tweak, paced, paddingChars, spoolLoss, withoutSpool, repair);
    }

    Fault sentOverTheOutage() {
        return new Fault(name, what, behaviour, client, true, paddingChars, spoolLoss, withoutSpool, repair);
    }

    Fault padded(int chars) {
        return new Fault(name, what, behaviour, client, paced, chars, spoolLoss, withoutSpool, repair);
    }

    Fault lossExpectedWithSpool(String why) {
        return new Fault(name, what, behaviour, client, paced, paddingChars, why, withoutSpool, repair);
    }

    Fault spoolOnly() {
        return new Fault(name, what, behaviour, client, paced, paddingChars, spoolLoss, false, repair);
    }

    /** After the first client: {@code fix} repairs the rig and a new client takes over the spool. */
    Fault thenRestartedAfter(Consumer<Rig> fix) {
        return new Fault(name, what, behaviour, client, paced, paddingChars, spoolLoss, withoutSpool, fix);
    }
}
