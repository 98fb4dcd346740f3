package ai.oceum.internal.spool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
            return s.filter(p -> dir.getFileSystem().getPathMatcher("glob:" + glob).matches(p.getFileName())).toList();
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
        try (Spool alive = Spool.open(dir, MAX); Spool other = Spool.open(dir, MAX)) {
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
}
