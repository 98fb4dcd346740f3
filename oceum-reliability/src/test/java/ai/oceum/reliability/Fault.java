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
 */
record Fault(String name, String what, Consumer<Rig> behaviour, UnaryOperator<OceumBuilder> client, boolean paced,
        int paddingChars, String spoolLoss, boolean withoutSpool) {

    /** A burst fault on the common client options, run with and without a spool. */
    static Fault of(String name, String what, Consumer<Rig> behaviour) {
        return new Fault(name, what, behaviour, UnaryOperator.identity(), false, 0, null, true);
    }

    Fault withClient(UnaryOperator<OceumBuilder> tweak) {
        return new Fault(name, what, behaviour, tweak, paced, paddingChars, spoolLoss, withoutSpool);
    }

    Fault sentOverTheOutage() {
        return new Fault(name, what, behaviour, client, true, paddingChars, spoolLoss, withoutSpool);
    }

    Fault padded(int chars) {
        return new Fault(name, what, behaviour, client, paced, chars, spoolLoss, withoutSpool);
    }

    Fault lossExpectedWithSpool(String why) {
        return new Fault(name, what, behaviour, client, paced, paddingChars, why, withoutSpool);
    }

    Fault spoolOnly() {
        return new Fault(name, what, behaviour, client, paced, paddingChars, spoolLoss, false);
    }
}
