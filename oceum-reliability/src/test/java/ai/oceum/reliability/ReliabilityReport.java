package ai.oceum.reliability;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

/**
 * Writes the matrix as Markdown: always to {@code oceum-reliability/target/reliability.md}, and
 * to {@code docs/reliability.md} when {@code -Dreliability.writeDocs=true}. The figures are
 * generated from a run, never typed; the prose that no run measures (the close contract, the
 * spool on disk) is written by hand in {@code src/test/resources/reliability-notes.md} and copied
 * in after them.
 */
final class ReliabilityReport {
    private ReliabilityReport() {}

    /** Writes the table to {@code target/reliability.md}, and to the docs when asked and {@code complete}. */
    static void write(List<RowResult> rows, List<Fault> faults, Scale scale, boolean complete) throws IOException {
        Path module = Path.of(System.getProperty("reliability.moduleDir", System.getProperty("user.dir")));
        String text = render(rows, faults, scale);
        Path target = module.resolve("target").resolve("reliability.md");
        Files.createDirectories(target.getParent());
        Files.writeString(target, text, StandardCharsets.UTF_8);
        if (complete && Boolean.getBoolean("reliability.writeDocs")) {
            Path docs = module.toAbsolutePath().getParent().resolve("docs").resolve("reliability.md");
            Files.createDirectories(docs.getParent());
            Files.writeString(docs, text, StandardCharsets.UTF_8);
        }
    }

    /** The two goals next to what this run measured, computed from the rows. */
    private static String verdict(List<RowResult> rows, List<Fault> faults) {
        long silent = rows.stream().mapToLong(RowResult::silent).sum();
        long noSpoolRows = rows.stream().filter(r -> !r.spool()).count();
        long noSpoolLost = rows.stream()
                .filter(r -> !r.spool())
                .mapToLong(RowResult::undelivered)
                .sum();
        StringBuilder b = new StringBuilder("\n## Goals\n\n");
        b.append("- *Without a spool, every loss is counted in `stats()`*: ")
                .append(noSpoolLost)
                .append(" events lost over ")
                .append(noSpoolRows)
                .append(" rows, ")
                .append(
                        silent == 0
                                ? "all counted (0 silent losses in any row): **met**.\n"
                                : silent + " not counted: **not met**.\n");
        b.append("- *With a spool, nothing is lost*: ");
        StringBuilder exceptions = new StringBuilder();
        boolean met = true;
        for (RowResult r : rows) {
            if (!r.spool() || r.undelivered() == 0) {
                continue;
            }
            String why = faults.stream()
                    .filter(f -> f.name().equals(r.fault()))
                    .map(Fault::spoolLoss)
                    .filter(java.util.Objects::nonNull)
                    .findFirst()
                    .orElse(null);
            met &= why != null;
            exceptions
                    .append("  - ")
                    .append(r.fault())
                    .append(": ")
                    .append(r.undelivered())
                    .append(" lost, ")
                    .append(r.counted())
                    .append(" counted; ")
                    .append(why == null ? "not expected" : why)
                    .append(".\n");
        }
        if (exceptions.length() == 0) {
            b.append("0 lost in every row: **met**.\n");
        } else {
            long spoolRows = rows.stream().filter(RowResult::spool).count();
            long lossRows = exceptions.toString().lines().count();
            b.append("0 lost in ")
                    .append(spoolRows - lossRows)
                    .append(" of ")
                    .append(spoolRows)
                    .append(" rows; ")
                    .append(
                            met
                                    ? "**not met** in the rows below, where the loss is by design and every lost event is counted:\n"
                                    : "**not met**, and not by design:\n");
            b.append(exceptions);
        }
        return b.toString();
    }

    /** The hand-written sections, from the test class path. */
    private static String notes() {
        try (java.io.InputStream in = ReliabilityReport.class.getResourceAsStream("/reliability-notes.md")) {
            if (in == null) {
                throw new IllegalStateException("reliability-notes.md is missing from the test resources");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static String render(List<RowResult> rows, List<Fault> faults, Scale scale) {
        StringBuilder b = new StringBuilder();
        b.append("# Reliability: the fault matrix\n\n");
        b.append(
                        "Generated by `FaultMatrixTest` in `oceum-reliability`; do not edit by hand, run it again. The sections ")
                .append("after the fault matrix (what close() guarantees, the spool on disk) come from ")
                .append("`oceum-reliability/src/test/resources/reliability-notes.md`: edit them there.\n\n");
        b.append("- Run: ")
                .append(Instant.now().truncatedTo(ChronoUnit.SECONDS))
                .append(", ")
                .append(scale.describe())
                .append('\n');
        b.append("- Machine: ").append(Machine.describe()).append('\n');
        b.append(
                        "- Command: `mvn -B -pl oceum-reliability -am verify -Dsurefire.failIfNoSpecifiedTests=false -Dtest=FaultMatrixTest")
                .append(scale.full() ? " -Dreliability.full=true" : "")
                .append(" -Dreliability.writeDocs=true`")
                .append(" (CI runs the short version without the two flags)\n");
        b.append("- Client: ").append(Clients.describe()).append('\n');
        b.append("- The machine ran other builds at the same time: call times are upper bounds, not a benchmark ")
                .append("(see docs/benchmarks.md for those).\n\n");
        b.append("Each row sends a known number of `taskComplete` events, each with its number in `meta.seq`, ")
                .append(
                        "through a real HTTP receiver on 127.0.0.1 that misbehaves as described below, then flushes and ")
                .append("closes the client and counts what the receiver got. A row whose fault is then repaired ")
                .append("(\"then the key fixed\") closes the first client and starts a second one on the same spool ")
                .append("directory, as an operator restarts the agent; its figures are the two clients' together.\n\n");
        b.append(
                        "| fault | spool | sent | delivered | duplicates | lost | dropped and counted in `stats()` | silent losses ")
                .append("| not spooled (memory only) | worst call (µs) | heap after GC (MiB) | row time (s) |\n");
        b.append("|---|---|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|\n");
        for (RowResult r : rows) {
            b.append("| ")
                    .append(r.fault())
                    .append(" | ")
                    .append(r.spool() ? "yes" : "no")
                    .append(" | ")
                    .append(r.sent())
                    .append(" | ")
                    .append(r.delivered())
                    .append(" | ")
                    .append(r.deliveries().duplicates())
                    .append(" | ")
                    .append(r.undelivered())
                    .append(" | ")
                    .append(r.droppedByReason())
                    .append(" | ")
                    .append(r.silent())
                    .append(" | ")
                    .append(r.spool() ? Long.toString(r.stats().notSpooled()) : "–")
                    .append(" | ")
                    .append(String.format(Locale.ROOT, "%,.0f", r.worstCallNanos() / 1e3))
                    .append(" | ")
                    .append(String.format(Locale.ROOT, "%.1f", r.heapAfterBytes() / (1024.0 * 1024.0)))
                    .append(" | ")
                    .append(String.format(Locale.ROOT, "%.1f", r.took().toMillis() / 1e3))
                    .append(" |\n");
        }
        b.append(verdict(rows, faults));
        b.append("\n## Columns\n\n");
        b.append("- **delivered**: distinct events the receiver took with a 2xx (by `meta.seq`).\n");
        b.append(
                        "- **duplicates**: 2xx requests beyond the first with the same `Idempotency-Key`: the receiver had the ")
                .append(
                        "event but the client did not learn it (timeout, reset, kill) and sent it again. Oceum drops them by ")
                .append("that key.\n");
        b.append("- **lost**: sent − delivered.\n");
        b.append("- **dropped and counted**: the client's `stats().dropped()` after `close()`, by reason.\n");
        b.append(
                "- **silent losses**: lost events not covered by the count (lost − counted, when positive). Must be 0.\n");
        b.append(
                        "- **not spooled**: `stats().notSpooled()`: events the spool could not take (byte limit or disk error) ")
                .append(
                        "that waited in the memory queue instead: delivered, but they would not have survived a crash.\n");
        b.append(
                        "- **worst call**: the slowest single `taskComplete` on the application's thread. With a spool each call ")
                .append(
                        "also appends its event to the spool file (write-ahead) under the spool's lock, which the sender ")
                .append(
                        "takes too, so the worst case follows the disk and that lock. For the kill row it is measured in the ")
                .append("killed process and is its first call in a fresh JVM, class loading included.\n");
        b.append("- **heap after GC**: heap in use in the test JVM after the row, after `System.gc()`.\n");
        b.append("\n## What the suite asserts\n\n");
        b.append("- Every row: no silent loss; every event delivered keeps one `Idempotency-Key` across its retries; ")
                .append("`stats()` balances (accepted = sent + dropped + still spooled).\n");
        b.append(
                        "- With a spool: nothing lost, and nothing left in the spool at the end (a row expecting a loss would ")
                .append("have to say why above; none does).\n");
        b.append("- Without a spool: every loss counted in `stats()`.\n");
        b.append("\n## The faults\n\n");
        for (Fault f : faults) {
            b.append("- **").append(f.name()).append("**: ").append(f.what());
            if (f.spoolLoss() != null) {
                b.append(". Loss expected with a spool: ").append(f.spoolLoss());
            }
            if (!f.withoutSpool()) {
                b.append(". Run with a spool only");
            }
            b.append(".\n");
        }
        b.append("\n## How the faults are made\n\n");
        b.append(
                        "- The receiver is `ai.oceum.testing.TestReceiver` (JDK `HttpServer` on 127.0.0.1, from the oceum-testing module). ")
                .append(
                        "The client reaches it through `TcpGate`, a loopback TCP forwarder: \"down\" closes the listening ")
                .append(
                        "socket (connection refused) and resets live connections; \"back\" listens on the same port again.\n");
        b.append("- Process killed: `Process.destroyForcibly()` (SIGKILL) of a child JVM started with the test class ")
                .append("path (`SpoolWriterMain`). Without a spool a killed process loses its queue by definition and ")
                .append("cannot count it, so that row runs with a spool only.\n");
        b.append(
                        "- Disk full: no small real file system can be mounted on the build machines, so the spool's own byte ")
                .append(
                        "limit (`spoolMaxBytes`, minimum 64 KiB) stands in for it. A real write error (`ENOSPC`, a read-only ")
                .append(
                        "disk) takes the same fallback in `SpoolQueue`: the event waits in memory, counted in `notSpooled`, ")
                .append(
                        "with one rate-limited warning; `SpoolQueueTest` covers it with a real `IOException` from the file ")
                .append("system.\n");
        b.append('\n').append(notes());
        return b.toString();
    }
}
