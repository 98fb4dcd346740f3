package ai.oceum.internal.spool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.oceum.testing.ChildJvm;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Segments written through a memory mapping: what a killed writer leaves (a file pre-sized with
 * zeros, maybe a record cut short) is adopted exactly up to the last whole record, a full disk is
 * an {@link IOException} and never a lost or half-readable record, and the byte limit counts
 * records, not the zeros written ahead of them.
 */
class MappedSpoolTest {
    private static final long MAX = 1L << 20; // segments of 128 KiB

    @TempDir
    Path dir;

    /** The i-th record the child appends: lengths vary so that records straddle pages and chunks. */
    static String record(int i) {
        return "record-" + i + "-" + "x".repeat(i % 97);
    }

    @Test
    void everyRecordWhoseAppendReturnedSurvivesKillNineOfTheWriter() throws Exception {
        Process child = ChildJvm.start(SpoolAppendChild.class, dir.toString(), Long.toString(MAX), "1000000");
        int lastPrinted = -1;
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            // Killed while it appends: past several allocation chunks and one roll (~105 B a record).
            while ((line = out.readLine()) != null && lastPrinted < 3000 && !line.equals("stopped")) {
                if (line.startsWith("appended ")) {
                    lastPrinted = Integer.parseInt(line.substring(9));
                }
            }
            child.destroyForcibly(); // SIGKILL: no shutdown hook, no close, no cut of the segment
            assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
        } finally {
            child.destroyForcibly();
        }
        assertThat(lastPrinted).as("appends the child reported").isGreaterThanOrEqualTo(3000);

        List<Path> segs = files("*.seg");
        long fileBytes = 0;
        for (Path seg : segs) {
            fileBytes += Files.size(seg);
        }
        try (Spool next = Spool.open(dir, MAX)) {
            List<SpoolRef> refs = next.adoptOrphans();
            List<String> adopted = read(next, refs);
            assertThat(adopted.size()).as("records adopted").isGreaterThan(lastPrinted);
            long recordBytes = 0;
            for (int i = 0; i < adopted.size(); i++) {
                assertThat(adopted.get(i)).as("record %d", i).isEqualTo(record(i));
                recordBytes += 8 + record(i).length();
            }
            assertThat(segs).as("the writer rolled at least once").hasSizeGreaterThan(1);
            assertThat(fileBytes)
                    .as("the killed writer's active segment still has the zeros written ahead of its records")
                    .isGreaterThan(recordBytes);
            assertThat(next.bytes()).as("the byte limit counts records only").isEqualTo(recordBytes);
            assertThat(next.unacked()).isEqualTo(adopted.size());
        }
    }

    @Test
    void aRecordCutShortAfterTheLastWholeOneEndsTheSegment() throws Exception {
        try (Spool first = Spool.open(dir, MAX, true)) {
            first.append(bytes("one"));
            first.append(bytes("two"));
        }
        Path seg = files("*.seg").get(0);
        long end = Files.size(seg);
        assertThat(end).as("sealed: cut back to its records").isEqualTo(2 * 8 + 6);
        // What a writer killed inside the copy leaves: checksum and payload stored, length not yet,
        // then the zeros written ahead.
        try (RandomAccessFile f = new RandomAccessFile(seg.toFile(), "rw")) {
            f.setLength(end + Spool.ALLOCATE_AHEAD);
            f.seek(end + 4);
            f.write(ByteBuffer.allocate(4).putInt(0x12345678).array());
            f.write(bytes("three, cut short"));
        }
        try (Spool second = Spool.open(dir, MAX, true)) {
            List<SpoolRef> orphans = second.adoptOrphans();
            assertThat(read(second, orphans)).containsExactly("one", "two");
            assertThat(second.bytes()).isEqualTo(2 * 8 + 6);
            SpoolRef after = second.append(bytes("after"));
            assertThat(read(second, List.of(after))).containsExactly("after");
        }
    }

    @Test
    void aLengthWhosePayloadIsStillZerosEndsTheSegment() throws Exception {
        try (Spool first = Spool.open(dir, MAX, true)) {
            first.append(bytes("one"));
        }
        Path seg = files("*.seg").get(0);
        long end = Files.size(seg);
        try (RandomAccessFile f = new RandomAccessFile(seg.toFile(), "rw")) {
            f.setLength(end + 4096);
            f.seek(end);
            f.writeInt(100); // a length with no checksum and no payload behind it
        }
        try (Spool second = Spool.open(dir, MAX, true)) {
            assertThat(read(second, second.adoptOrphans())).containsExactly("one");
        }
    }

    @Test
    void theFileIsWrittenAheadOfTheRecordsAndTheByteLimitCountsRecordsOnly() throws Exception {
        try (Spool spool = Spool.open(dir, MAX, true)) {
            SpoolRef ref = spool.append(bytes("first"));
            Path seg = ref.segment().file;
            assertThat(Files.size(seg)).as("mapped: as long as the segment").isEqualTo(128 * 1024);
            assertThat(ref.segment().allocated).isEqualTo(Spool.ALLOCATE_AHEAD);
            assertThat(spool.bytes()).isEqualTo(8 + 5);
            byte[] big = new byte[1000];
            for (int i = 0; i < 70; i++) {
                spool.append(big);
            }
            assertThat(ref.segment().allocated)
                    .as("a second chunk once the records passed the first")
                    .isEqualTo(2L * Spool.ALLOCATE_AHEAD);
            assertThat(spool.bytes()).isEqualTo(8 + 5 + 70 * 1008);
            spool.close();
            assertThat(Files.size(seg))
                    .as("cut back to its records when closed")
                    .isEqualTo(8 + 5 + 70 * 1008);
        }
    }

    @Test
    void aRecordLargerThanASegmentGetsAMappingOfItsOwn() throws Exception {
        try (Spool spool = Spool.open(dir, MAX, true)) {
            SpoolRef small = spool.append(bytes("small"));
            byte[] big = new byte[200 * 1024];
            big[big.length - 1] = 7;
            SpoolRef large = spool.append(big);
            SpoolRef after = spool.append(bytes("after"));
            assertThat(large.segment()).isNotSameAs(small.segment());
            assertThat(spool.read(large)).isEqualTo(big);
            assertThat(read(spool, List.of(small, after))).containsExactly("small", "after");
        }
    }

    /**
     * Disk full while the zeros are written ahead: a channel that fails with "disk full", since a
     * real disk cannot be filled on demand here (tests run as root, without a small tmpfs).
     */
    @Test
    void aFullDiskWhileWritingAheadIsAnIOExceptionAndTheNextAppendTakesTheSamePlace() throws Exception {
        try (Spool spool = Spool.open(dir, 4 * MAX, true)) { // segments of 512 KiB
            SpoolRef first = spool.append(bytes("first"));
            Segment seg = first.segment();
            SpoolWriteFailureTest.FailingChannel failing = new SpoolWriteFailureTest.FailingChannel(seg.channel);
            seg.channel = failing;
            byte[] record = new byte[1000];
            List<SpoolRef> written = new ArrayList<>();
            while (seg.size + 1008 <= Spool.ALLOCATE_AHEAD) {
                written.add(spool.append(record));
            }
            long bytesBefore = spool.bytes();
            failing.failNextWriteAfter = 1000;
            assertThatThrownBy(() -> spool.append(bytes("refused")))
                    .isInstanceOf(IOException.class)
                    .hasMessage("disk full");
            assertThat(spool.bytes()).as("nothing counted").isEqualTo(bytesBefore);
            assertThat(spool.unacked()).isEqualTo(1 + written.size());

            SpoolRef next = spool.append(bytes("next"));
            assertThat(next.offset())
                    .as("where the refused record would have gone")
                    .isEqualTo(bytesBefore);
            assertThat(read(spool, List.of(first, next))).containsExactly("first", "next");
        }
        try (Spool adopter = Spool.open(dir, 4 * MAX, true)) {
            List<String> adopted = read(adopter, adopter.adoptOrphans());
            assertThat(adopted).startsWith("first").endsWith("next").doesNotContain("refused");
        }
    }

    /** Disk trouble at a roll (the next segment cannot be created): an IOException, then the spool goes on. */
    @Test
    void aSegmentThatCannotBeCreatedAtARollIsAnIOExceptionAndTheNextAppendRollsAgain() throws Exception {
        try (Spool spool = Spool.open(dir, MAX, true)) {
            SpoolRef first = spool.append(new byte[100 * 1024]);
            String name = first.segment().file.getFileName().toString();
            Path blocker = dir.resolve(name.replace(".000000.seg", ".000001.seg"));
            Files.createDirectory(blocker);
            assertThatThrownBy(() -> spool.append(new byte[40 * 1024])).isInstanceOf(IOException.class);
            Files.delete(blocker);
            SpoolRef next = spool.append(bytes("next"));
            assertThat(read(spool, List.of(next))).containsExactly("next");
            assertThat(spool.unacked()).isEqualTo(2);
            assertThat(spool.bytes()).isEqualTo(8 + 100 * 1024 + 8 + 4);
        }
    }

    private List<Path> files(String glob) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p ->
                            dir.getFileSystem().getPathMatcher("glob:" + glob).matches(p.getFileName()))
                    .sorted()
                    .toList();
        }
    }

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
}
