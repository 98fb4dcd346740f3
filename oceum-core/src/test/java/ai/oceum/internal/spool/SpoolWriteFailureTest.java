package ai.oceum.internal.spool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A write that fails half-way (disk full) and a truncate that then fails too: the partial record
 * is overwritten by the next one, every record that was appended reads back, and the next owner
 * adopts exactly those — the torn bytes left behind the last record are not taken for a record.
 * A real disk cannot be made to fail this way on demand, so the segment's channel is wrapped.
 */
class SpoolWriteFailureTest {
    @TempDir
    Path dir;

    @Test
    void aPartialWriteWhoseTruncateFailsIsOverwrittenByTheNextRecord() throws Exception {
        String lost = "x".repeat(100);
        try (Spool spool = Spool.open(dir, 1L << 20, false)) { // positional writes: what this test is about
            SpoolRef first = spool.append(bytes("first"));
            FailingChannel failing = new FailingChannel(first.segment().channel);
            first.segment().channel = failing;

            failing.failNextWriteAfter = 60; // header and part of the payload reach the file
            assertThatThrownBy(() -> spool.append(bytes(lost)))
                    .isInstanceOf(IOException.class)
                    .hasMessage("disk full");
            assertThat(failing.truncateFailed)
                    .as("the cut-off was tried and failed")
                    .isTrue();
            assertThat(failing.size()).as("the partial record is in the file").isGreaterThan(first.offset() + 13);

            SpoolRef third = spool.append(bytes("third"));
            assertThat(third.offset()).as("where the failed record began").isEqualTo(first.offset() + 13);
            assertThat(text(spool.read(first))).isEqualTo("first");
            assertThat(text(spool.read(third))).isEqualTo("third");
            assertThat(spool.unacked()).isEqualTo(2);
        }
        try (Spool next = Spool.open(dir, 1L << 20)) {
            List<String> adopted = new ArrayList<>();
            for (SpoolRef ref : next.adoptOrphans()) {
                adopted.add(text(next.read(ref)));
            }
            assertThat(adopted).containsExactly("first", "third");
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    /** A segment channel whose next positional write stops after some bytes with "disk full", and whose truncate then fails. */
    static final class FailingChannel extends FileChannel {
        private final FileChannel real;
        int failNextWriteAfter = -1;
        boolean truncateFailed;
        private boolean failTruncate;

        FailingChannel(FileChannel real) {
            this.real = real;
        }

        @Override
        public int write(ByteBuffer src, long position) throws IOException {
            if (failNextWriteAfter < 0) {
                return real.write(src, position);
            }
            ByteBuffer part = src.duplicate();
            part.limit(part.position() + Math.min(failNextWriteAfter, part.remaining()));
            real.write(part, position);
            failNextWriteAfter = -1;
            failTruncate = true;
            throw new IOException("disk full");
        }

        @Override
        public FileChannel truncate(long size) throws IOException {
            if (failTruncate) {
                failTruncate = false;
                truncateFailed = true;
                throw new IOException("truncate failed");
            }
            real.truncate(size);
            return this;
        }

        @Override
        public long size() throws IOException {
            return real.size();
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            return real.read(dst);
        }

        @Override
        public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
            return real.read(dsts, offset, length);
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            // A writer that goes by the channel's position meets the same failure.
            if (failNextWriteAfter < 0) {
                return real.write(src);
            }
            ByteBuffer part = src.duplicate();
            part.limit(part.position() + Math.min(failNextWriteAfter, part.remaining()));
            real.write(part);
            failNextWriteAfter = -1;
            failTruncate = true;
            throw new IOException("disk full");
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
            return real.write(srcs, offset, length);
        }

        @Override
        public long position() throws IOException {
            return real.position();
        }

        @Override
        public FileChannel position(long newPosition) throws IOException {
            real.position(newPosition);
            return this;
        }

        @Override
        public void force(boolean metaData) throws IOException {
            real.force(metaData);
        }

        @Override
        public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
            return real.transferTo(position, count, target);
        }

        @Override
        public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
            return real.transferFrom(src, position, count);
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            return real.read(dst, position);
        }

        @Override
        public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
            return real.map(mode, position, size);
        }

        @Override
        public FileLock lock(long position, long size, boolean shared) throws IOException {
            return real.lock(position, size, shared);
        }

        @Override
        public FileLock tryLock(long position, long size, boolean shared) throws IOException {
            return real.tryLock(position, size, shared);
        }

        @Override
        protected void implCloseChannel() throws IOException {
            real.close();
        }
    }
}
