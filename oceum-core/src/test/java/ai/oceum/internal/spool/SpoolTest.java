package ai.oceum.internal.spool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The on-disk write-ahead log: records, acknowledgements, adoption, limits and damaged files. */
class SpoolTest {
    private static final long MAX = 1L << 20;

    @TempDir
    Path dir;

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> read(Spool spool, List<SpoolRef> refs) throws IOException {
        List<String> out = new ArrayList<>();
        for (SpoolRef r : refs) {
            out.add(new String(spool.read(r), StandardCharsets.UTF_8));
        }
        return out;
    }

    private List<Path> files(String glob) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p ->
                            dir.getFileSystem().getPathMatcher("glob:" + glob).matches(p.getFileName()))
                    .toList();
        }
    }

    @Test
    void readsBackWhatItAppended() throws Exception {
        try (Spool spool = Spool.open(dir, MAX)) {
            SpoolRef a = spool.append(bytes("first"));
            SpoolRef b = spool.append(bytes("second"));
            assertThat(read(spool, List.of(b, a))).containsExactly("second", "first");
            assertThat(spool.unacked()).isEqualTo(2);
        }
    }

    @Test
    void aFullyAcknowledgedSpoolLeavesNoFilesBehind() throws Exception {
        try (Spool spool = Spool.open(dir, MAX)) {
            SpoolRef a = spool.append(bytes("a"));
            SpoolRef b = spool.append(bytes("b"));
            spool.ack(a);
            spool.ack(b);
            spool.ack(b);
            assertThat(spool.unacked()).isZero();
        }
        assertThat(files("*")).isEmpty();
    }

    @Test
    void theNextOwnerAdoptsOnlyUnacknowledgedRecords() throws Exception {
        try (Spool first = Spool.open(dir, MAX)) {
            SpoolRef a = first.append(bytes("a"));
            first.append(bytes("b"));
            first.append(bytes("c"));
            first.ack(a);
        }
        try (Spool second = Spool.open(dir, MAX)) {
            List<SpoolRef> orphans = second.adoptOrphans();
            assertThat(read(second, orphans)).containsExactly("b", "c");
            orphans.forEach(r -> ackQuietly(second, r));
            assertThat(second.unacked()).isZero();
        }
        assertThat(files("*.seg")).isEmpty();
    }

    private static void ackQuietly(Spool spool, SpoolRef ref) {
        try {
            spool.ack(ref);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aLiveOwnersRecordsAreNotAdopted() throws Exception {
        try (Spool alive = Spool.open(dir, MAX);
                Spool other = Spool.open(dir, MAX)) {
            alive.append(bytes("mine"));
            assertThat(other.adoptOrphans()).isEmpty();
            assertThat(alive.unacked()).isEqualTo(1);
        }
    }

    @Test
    void aTornLastRecordIsIgnored() throws Exception {
        try (Spool first = Spool.open(dir, MAX)) {
            first.append(bytes("one"));
            first.append(bytes("two"));
            first.append(bytes("three-is-cut"));
        }
        Path seg = files("*.seg").get(0);
        try (RandomAccessFile f = new RandomAccessFile(seg.toFile(), "rw")) {
            f.setLength(f.length() - 4);
        }
        try (Spool second = Spool.open(dir, MAX)) {
            List<SpoolRef> orphans = second.adoptOrphans();
            assertThat(read(second, orphans)).containsExactly("one", "two");
            SpoolRef next = second.append(bytes("after"));
            assertThat(read(second, List.of(next))).containsExactly("after");
        }
    }

    @Test
    void aTornHeaderIsIgnored() throws Exception {
        try (Spool first = Spool.open(dir, MAX)) {
            first.append(bytes("one"));
        }
        Path seg = files("*.seg").get(0);
        Files.write(seg, new byte[] {0, 0, 0}, java.nio.file.StandardOpenOption.APPEND);
        try (Spool second = Spool.open(dir, MAX)) {
            assertThat(read(second, second.adoptOrphans())).containsExactly("one");
        }
    }

    @Test
    void aCorruptRecordEndsTheReadablePart() throws Exception {
        try (Spool first = Spool.open(dir, MAX)) {
            first.append(bytes("good"));
            first.append(bytes("flipped"));
            first.append(bytes("after"));
        }
        Path seg = files("*.seg").get(0);
        try (RandomAccessFile f = new RandomAccessFile(seg.toFile(), "rw")) {
            long pos = 8 + 4 + 8 + 2; // inside the second record's payload
            f.seek(pos);
            int b = f.read();
            f.seek(pos);
            f.write(b ^ 0xff);
        }
        try (Spool second = Spool.open(dir, MAX)) {
            assertThat(read(second, second.adoptOrphans())).containsExactly("good");
        }
    }

    @Test
    void refusesAppendsBeyondTheByteLimit() throws Exception {
        long max = 64 * 1024;
        try (Spool spool = Spool.open(dir, max)) {
            byte[] record = new byte[1000];
            int written = 0;
            try {
                while (true) {
                    spool.append(record);
                    written++;
                }
            } catch (Spool.FullException expected) {
                // the limit
            }
            assertThat(written).isEqualTo((int) (max / 1008));
            assertThat(spool.bytes()).isLessThanOrEqualTo(max);
            assertThatThrownBy(() -> spool.append(record)).isInstanceOf(Spool.FullException.class);
        }
    }

    @Test
    void spaceIsReusedOnceASegmentIsFullyAcknowledged() throws Exception {
        long max = 128 * 1024; // two segments of 64 KiB
        try (Spool spool = Spool.open(dir, max)) {
            byte[] record = new byte[1000];
            List<SpoolRef> refs = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                refs.add(spool.append(record));
            }
            for (SpoolRef r : refs.subList(0, 60)) {
                spool.ack(r);
            }
            for (int i = 0; i < 30; i++) {
                spool.append(record);
            }
            assertThat(spool.bytes()).isLessThanOrEqualTo(max);
        }
    }

    @Test
    void anAppendAfterCloseFails() throws Exception {
        Spool spool = Spool.open(dir, MAX);
        spool.close();
        assertThatThrownBy(() -> spool.append(bytes("x"))).isInstanceOf(IOException.class);
        spool.close();
    }

    @Test
    void theDirectoryAndEveryFileAreReadableByTheirOwnerOnly() throws Exception {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "POSIX permissions");
        Path spoolDir = dir.resolve("parent").resolve("spool");
        try (Spool spool = Spool.open(spoolDir, MAX)) {
            SpoolRef a = spool.append(bytes("error message with private text"));
            spool.append(bytes("memory text"));
            spool.ack(a);
        }
        assertThat(perms(spoolDir)).isEqualTo("rwx------");
        try (Stream<Path> s = Files.list(spoolDir)) {
            List<Path> files = s.toList();
            assertThat(files)
                    .extracting(p -> p.getFileName().toString())
                    .anyMatch(n -> n.endsWith(".seg"))
                    .anyMatch(n -> n.endsWith(".ack"))
                    .anyMatch(n -> n.endsWith(".lock"));
            assertThat(files).allSatisfy(f -> assertThat(perms(f)).as("%s", f).isEqualTo("rw-------"));
        }
        // An adopted segment (written by an older version, say) is made private too.
        try (Stream<Path> s = Files.list(spoolDir)) {
            for (Path f : s.toList()) {
                Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
            }
        }
        try (Spool next = Spool.open(spoolDir, MAX)) {
            assertThat(next.adoptOrphans()).hasSize(1);
            try (Stream<Path> s = Files.list(spoolDir)) {
                assertThat(s.filter(p -> !p.toString().endsWith(".lock")).toList())
                        .isNotEmpty()
                        .allSatisfy(f -> assertThat(perms(f)).as("%s", f).isEqualTo("rw-------"));
            }
        }
    }

    private static String perms(Path p) {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aRecordWhoseChecksumDoesNotMatchIsRefusedWhenReadBack() throws Exception {
        try (Spool spool = Spool.open(dir, MAX)) {
            spool.append(bytes("good"));
            SpoolRef flipped = spool.append(bytes("flipped"));
            SpoolRef after = spool.append(bytes("after"));
            try (RandomAccessFile f = new RandomAccessFile(files("*.seg").get(0).toFile(), "rw")) {
                long pos = flipped.offset() + 8 + 2; // inside its payload
                f.seek(pos);
                int b = f.read();
                f.seek(pos);
                f.write(b ^ 0xff);
            }
            assertThatThrownBy(() -> spool.read(flipped))
                    .isInstanceOf(Spool.CorruptRecordException.class)
                    .hasMessageContaining("checksum");
            assertThat(read(spool, List.of(after))).containsExactly("after");
        }
    }

    @Test
    void aLengthThatDoesNotFitTheFileIsRefusedBeforeAnythingIsAllocated() throws Exception {
        try (Spool spool = Spool.open(dir, MAX)) {
            SpoolRef damaged = spool.append(bytes("length will be garbage"));
            try (RandomAccessFile f = new RandomAccessFile(files("*.seg").get(0).toFile(), "rw")) {
                f.seek(damaged.offset());
                f.writeInt(Integer.MAX_VALUE);
            }
            assertThatThrownBy(() -> spool.read(damaged))
                    .isInstanceOf(Spool.CorruptRecordException.class)
                    .hasMessageContaining("length");
            try (RandomAccessFile f = new RandomAccessFile(files("*.seg").get(0).toFile(), "rw")) {
                f.seek(damaged.offset());
                f.writeInt(-5);
            }
            assertThatThrownBy(() -> spool.read(damaged)).isInstanceOf(Spool.CorruptRecordException.class);
            assertThatThrownBy(() -> spool.read(new SpoolRef(damaged.segment(), 1 << 20)))
                    .isInstanceOf(Spool.CorruptRecordException.class);
        }
    }

    @Test
    void anInterruptedCallerKeepsItsRecordAndDoesNotBreakTheSpoolForOthers() throws Exception {
        try (Spool spool = Spool.open(dir, MAX)) {
            SpoolRef first;
            Thread.currentThread().interrupt();
            try {
                first = spool.append(bytes("written by an interrupted thread"));
                assertThat(Thread.currentThread().isInterrupted())
                        .as("interrupt status kept")
                        .isTrue();
                assertThat(read(spool, List.of(first))).containsExactly("written by an interrupted thread");
                spool.ack(first);
            } finally {
                Thread.interrupted();
            }
            SpoolRef second = spool.append(bytes("written afterwards"));
            assertThat(read(spool, List.of(second))).containsExactly("written afterwards");
            assertThat(spool.unacked()).isEqualTo(1);
        }
        try (Spool next = Spool.open(dir, MAX)) {
            assertThat(read(next, next.adoptOrphans())).containsExactly("written afterwards");
        }
    }
}
