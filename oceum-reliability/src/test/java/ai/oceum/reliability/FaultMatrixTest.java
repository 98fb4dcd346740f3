package ai.oceum.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import ai.oceum.OceumStats;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fault matrix: every fault, with and without a spool, a known number of events, and what
 * became of each. Writes the table (docs/reliability.md) from what it measured.
 *
 * <p>{@code -Dreliability.only=<text>} runs only the rows whose name contains the text (for
 * example {@code "receiver down"}), to compare one row before and after a change; the table is
 * then written to {@code target/} only, never to the docs.
 */
class FaultMatrixTest {
    private static final Scale SCALE = Scale.fromSystemProperties();
    private static final String ONLY = System.getProperty("reliability.only", "");
    private static final List<RowResult> RESULTS = Collections.synchronizedList(new ArrayList<>());

    static Stream<MatrixRow> rows() {
        List<MatrixRow> rows = new ArrayList<>();
        for (Fault f : Faults.all(SCALE)) {
            if (f.withoutSpool()) {
                rows.add(new InProcessRow(f, false));
            }
            rows.add(new InProcessRow(f, true));
        }
        rows.add(new KilledProcessRow());
        return rows.stream().filter(r -> r.toString().contains(ONLY));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void losesNothingSilently(MatrixRow row) throws Exception {
        RowResult r = row.run(SCALE);
        RESULTS.add(r);

        assertThat(r.silent()).as("lost events not counted in stats(): %s", r).isZero();
        OceumStats s = r.stats();
        if (row instanceof InProcessRow) {
            assertThat(s.accepted()).as("accepted").isEqualTo(r.sent());
            assertThat(s.sent() + s.droppedTotal() + s.spooled())
                    .as("stats() balance: %s", s)
                    .isEqualTo(s.accepted());
        }
        if (row.spool() && row.fault().spoolLoss() == null) {
            assertThat(r.undelivered()).as("lost with a spool: %s", r).isZero();
            assertThat(s.spooled()).as("left in the spool").isZero();
        }
    }

    @AfterAll
    static void writeTable() throws Exception {
        List<RowResult> ordered = new ArrayList<>(RESULTS);
        ReliabilityReport.write(ordered, allFaults(), SCALE, ONLY.isEmpty());
    }

    private static List<Fault> allFaults() {
        List<Fault> faults = new ArrayList<>(Faults.all(SCALE));
        faults.add(new KilledProcessRow().fault());
        return faults;
    }
}
