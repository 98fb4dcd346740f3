// Over 400 lines on purpose: every operation on the spool's files (open and adopt, append, read,
// ack, roll, close) runs under the one lock of this class and changes the same segment list;
// kept together so that the locking rule and the crash-safety of each step read in one place.
// Segment (one file pair) and PrivateFiles (permissions) are already apart.
package ai.oceum.internal.spool;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.CRC32;

/**
 * A write-ahead log of events on disk, shared safely by several clients and processes.
 *
 * <p>Layout: each live client owns {@code <owner>.lock} (an OS file lock held while it lives) and
 * segments {@code <owner>.<n>.seg} with {@code <owner>.<n>.ack}. A record is
 * {@code [int length][int crc32][length bytes]}; a torn or corrupt record ends the readable part of
 * its segment. At open, segments whose owner's lock can be taken (the process died, even by
 * {@code kill -9}) are adopted: renamed to this owner while holding the dead owner's lock, so two
 * starting clients never adopt the same segment, and their unacknowledged records are handed back.
 *
 * <p>Several clients of one JVM may share a directory. Their locks are known to each other through
 * {@link #LIVE_LOCKS}, never by trying them: on Linux a file lock belongs to the process, and
 * closing any channel on the lock file would release the lock a live client holds.
 *
 * <p>The directory is created {@code 0700} and every file {@code 0600} where the file system has
 * POSIX permissions ({@link PrivateFiles}). Appends go to the page cache without fsync: they
 * survive the death of the process, not of the machine. An interrupted caller neither loses its
 * record nor breaks the spool for others (see {@link #writeRecord}). Thread-safe: every operation
 * holds the spool's lock.
 *
 * <p>Records are copied into a shared memory mapping of the active segment (where the platform
 * allows it): no system call per append, and pages written through a shared mapping belong to the
 * page cache, so they survive a {@code kill -9} like a {@code write} does. A record's length is
 * stored last, so a record cut short by the process's death reads as the end of the segment. A
 * mapped file grows sparse; storing into a page the disk has no room for would kill the thread
 * with an {@code InternalError}, not an {@code IOException}. So the file is really written (with
 * zeros) {@value #ALLOCATE_AHEAD} bytes at a time ahead of the records, where a full disk is an
 * {@code IOException} the caller handles. The file is thus longer than its records (zeros after
 * them until it is sealed and cut); readers stop at the first zero length, and the byte limit
 * counts records only.
 */
public final class Spool implements AutoCloseable {
    private static final int HEADER = 8;
    /** Bytes of zeros written ahead of the records in a mapped segment (see the class comment). */
    static final int ALLOCATE_AHEAD = 64 * 1024;
    /** Windows refuses to delete a file that is still mapped, and a mapping goes only with its buffer's GC. */
    private static final boolean MAP_BY_DEFAULT = !System.getProperty("os.name", "")
            .toLowerCase(java.util.Locale.ROOT)
            .startsWith("windows");

    private static final ByteBuffer ZEROS =
            ByteBuffer.allocateDirect(ALLOCATE_AHEAD).asReadOnlyBuffer();
    /** Lock files held by live spools of this JVM (real paths): adoption skips their owners. */
    private static final Set<Path> LIVE_LOCKS = ConcurrentHashMap.newKeySet();

    private final Path dir;
    private final long maxBytes;
    private final long segmentBytes;
    private final String owner;
    private final boolean mapSegments;
    private final Path lockFile;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final List<Segment> segments = new ArrayList<>();
    private Segment active;
    private int nextSeq;
    private long bytes;
    private boolean closed;

    /** Thrown by {@link #read} when a record is not what was written (bad length or checksum). */
    public static final class CorruptRecordException extends IOException {
        private static final long serialVersionUID = 1L;

        CorruptRecordException(String message) {
            super(message);
        }
    }

    /** Thrown by {@link #append} when the spool is at its byte limit. */
    public static final class FullException extends Exception {
        private static final long serialVersionUID = 1L;

        FullException() {
            super("spool full", null, false, false);
        }
    }

    private Spool(
            Path dir,
            long maxBytes,
            boolean mapSegments,
            String owner,
            Path lockFile,
            FileChannel lockChannel,
            FileLock lock) {
        this.dir = dir;
        this.mapSegments = mapSegments;
        this.maxBytes = maxBytes;
        this.segmentBytes = Math.max(64 * 1024, Math.min(4L << 20, maxBytes / 8));
        this.owner = owner;
        this.lockFile = lockFile;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /** Opens (creating) the spool directory and takes a new owner identity in it. */
    public static Spool open(Path dir, long maxBytes) throws IOException {
        return open(dir, maxBytes, MAP_BY_DEFAULT);
    }

    /** Opens with segments written through a mapping or by positional writes (tests pick either). */
    static Spool open(Path dir, long maxBytes, boolean mapSegments) throws IOException {
        PrivateFiles.createDirectory(dir);
        Path real = dir.toRealPath();
        String owner = "p" + ManagementFactory.getRuntimeMXBean().getPid() + "-"
                + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffL);
        Path lockFile = real.resolve(owner + ".lock");
        FileChannel ch = FileChannel.open(
                lockFile, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE), PrivateFiles.fileAttributes());
        FileLock lock = ch.tryLock();
        if (lock == null) {
            ch.close();
            throw new IOException("cannot lock " + lockFile);
        }
        LIVE_LOCKS.add(lockFile);
        return new Spool(real, maxBytes, mapSegments, owner, lockFile, ch, lock);
    }

    public Path directory() {
        return dir;
    }

    /** The byte limit. */
    public long maxBytes() {
        return maxBytes;
    }

    /**
     * Adopts the segments of owners that are gone and returns the refs of their unacknowledged
     * records, oldest segment first.
     */
    public synchronized List<SpoolRef> adoptOrphans() throws IOException {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.seg")) {
            ds.forEach(files::add);
        }
        files.sort(null);
        List<String> owners = new ArrayList<>();
        for (Path f : files) {
            String o = ownerOf(f);
            if (o != null && !o.equals(owner) && !owners.contains(o)) {
                owners.add(o);
            }
        }
        List<SpoolRef> refs = new ArrayList<>();
        for (String other : owners) {
            adoptOwner(other, files, refs);
        }
        return refs;
    }

    private void adoptOwner(String other, List<Path> files, List<SpoolRef> refs) throws IOException {
        Path otherLock = dir.resolve(other + ".lock");
        if (LIVE_LOCKS.contains(otherLock)) {
            // A live client of this JVM: its lock must not even be tried (see the class comment).
            return;
        }
        FileChannel ch = FileChannel.open(
                otherLock, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE), PrivateFiles.fileAttributes());
        FileLock theirs;
        try {
            theirs = ch.tryLock();
        } catch (OverlappingFileLockException heldInThisJvm) {
            // Held here although not in LIVE_LOCKS a moment ago: another client of this JVM is
            // adopting the same dead owner right now. Closing this channel would release that
            // client's lock, so it is left to the garbage collector's cleaner instead.
            return;
        }
        if (theirs == null) {
            ch.close();
            return; // another process holds it: alive
        }
        LIVE_LOCKS.add(otherLock);
        try {
            for (Path f : files) {
                if (!other.equals(ownerOf(f)) || !Files.exists(f)) {
                    continue;
                }
                Segment seg = newSegment();
                Path oldAck = f.resolveSibling(f.getFileName().toString().replace(".seg", ".ack"));
                if (Files.exists(oldAck)) {
                    Files.move(oldAck, seg.ackFile, StandardCopyOption.ATOMIC_MOVE);
                }
                Files.move(f, seg.file, StandardCopyOption.ATOMIC_MOVE);
                PrivateFiles.restrict(seg.file);
                PrivateFiles.restrict(seg.ackFile);
                seg.sealed = true;
                seg.loadAcks();
                scan(seg, refs);
                segments.add(seg);
                bytes += seg.size;
                if (seg.removable()) {
                    removeSegment(seg);
                }
            }
            Files.deleteIfExists(otherLock);
        } finally {
            theirs.release();
            ch.close();
            LIVE_LOCKS.remove(otherLock);
        }
    }

    /** Reads a segment's valid records, counting them and collecting the unacknowledged ones. */
    private void scan(Segment seg, List<SpoolRef> unacked) throws IOException {
        try (FileChannel ch = FileChannel.open(seg.file, StandardOpenOption.READ)) {
            long pos = 0;
            long end = ch.size();
            ByteBuffer header = ByteBuffer.allocate(HEADER);
            while (pos + HEADER <= end) {
                header.clear();
                readFully(ch, header, pos);
                header.flip();
                int len = header.getInt();
                int crc = header.getInt();
                if (len <= 0 || pos + HEADER + len > end) {
                    break; // torn last record
                }
                ByteBuffer payload = ByteBuffer.allocate(len);
                readFully(ch, payload, pos + HEADER);
                if (crc(payload.array()) != crc) {
                    break; // corrupt: nothing after it can be trusted
                }
                seg.records++;
                if (!seg.acked.contains(pos)) {
                    unacked.add(new SpoolRef(seg, pos));
                }
                pos += HEADER + len;
            }
            // Records only: a mapped segment's file goes on with zeros (or a torn record) after them.
            seg.size = pos;
            long validEnd = pos;
            // Acks of records past a torn tail do not count.
            seg.acked.removeIf(off -> off >= validEnd);
        }
    }

    /** Appends a record; returns where it is. The checksum is computed before the lock is taken. */
    public SpoolRef append(byte[] payload) throws IOException, FullException {
        return append(payload, crc(payload));
    }

    private synchronized SpoolRef append(byte[] payload, int crc) throws IOException, FullException {
        if (closed) {
            throw new IOException("spool closed");
        }
        long need = HEADER + (long) payload.length;
        if (bytes + need > maxBytes) {
            throw new FullException();
        }
        // An interrupt would close the channel that rolls and allocates (see writeRecord).
        boolean interrupted = Thread.interrupted();
        try {
            if (!fits(active, need)) {
                roll(need);
            }
            long offset = active.size;
            if (active.map != null) {
                writeMapped(active, payload, crc, offset, need);
            } else {
                ByteBuffer record = ByteBuffer.allocate((int) need)
                        .putInt(payload.length)
                        .putInt(crc)
                        .put(payload)
                        .flip();
                writeRecord(active, record, offset);
            }
            active.size += need;
            active.records++;
            bytes += need;
            return new SpoolRef(active, offset);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private boolean fits(Segment seg, long need) {
        if (seg == null || seg.broken || seg.sealed) {
            return false;
        }
        if (seg.map != null) {
            return seg.size + need <= seg.map.capacity();
        }
        return seg.size == 0 || seg.size + need <= segmentBytes;
    }

    /**
     * Copies a record into the mapping: checksum and payload first, the length last, so that a
     * process killed half-way leaves a zero length, which readers take for the end. The file is
     * allocated ahead first, so that the copy never meets a page the disk has no room for.
     */
    private void writeMapped(Segment seg, byte[] payload, int crc, long offset, long need) throws IOException {
        allocate(seg, offset + need);
        int at = (int) offset;
        try {
            seg.map.putInt(at + 4, crc);
            seg.map.put(at + HEADER, payload);
            seg.map.putInt(at, payload.length);
        } catch (InternalError fault) {
            // A page fault the allocation should have made impossible (a file cut by someone else,
            // a file system that allocates on write): the length was not stored, so nothing
            // readable was written. No further record goes to this segment.
            seg.map = null;
            seg.broken = true;
            throw new IOException("spool segment " + seg + " cannot be written: " + fault.getMessage(), fault);
        }
    }

    /** Writes zeros over the mapped file up to past {@code end}: a full disk shows here, as an IOException. */
    private static void allocate(Segment seg, long end) throws IOException {
        if (end <= seg.allocated) {
            return;
        }
        long to = Math.min(seg.map.capacity(), Math.max(end, seg.allocated + ALLOCATE_AHEAD));
        boolean interruptedMeanwhile = false;
        try {
            writeZeros(seg.channel, seg.allocated, to);
        } catch (java.nio.channels.ClosedChannelException closedUnderUs) {
            // An interrupt raced in after append set the caller's aside: reopen once, as writeRecord does.
            interruptedMeanwhile = Thread.interrupted();
            seg.channel = FileChannel.open(seg.file, StandardOpenOption.READ, StandardOpenOption.WRITE);
            writeZeros(seg.channel, seg.allocated, to);
        } finally {
            if (interruptedMeanwhile) {
                Thread.currentThread().interrupt();
            }
        }
        seg.allocated = to;
    }

    /**
     * Writes a record at its offset. Positional writes: the channel's own position never matters,
     * so a partial write that could not be cut off (a failed truncate) is simply overwritten by the
     * next record. The caller's interrupt status is set aside for the write: a {@code FileChannel}
     * is closed by an interrupt, which would lose this record and break the segment for every
     * other caller; and a channel closed under us anyway (an interrupt racing in) is reopened once.
     */
    private void writeRecord(Segment seg, ByteBuffer record, long offset) throws IOException {
        boolean interrupted = Thread.interrupted();
        try {
            try {
                writeFully(seg.channel, record, offset);
            } catch (java.nio.channels.ClosedChannelException closedUnderUs) {
                Thread.interrupted();
                seg.channel = FileChannel.open(seg.file, StandardOpenOption.WRITE);
                record.rewind();
                writeFully(seg.channel, record, offset);
            }
        } catch (IOException e) {
            // Disk full or similar: cut the partial record so the segment stays readable. If even
            // that fails, the next record overwrites it (positional writes) and a reader stops at
            // a torn tail, which loses nothing acknowledged.
            try {
                if (seg.channel != null && seg.channel.isOpen()) {
                    seg.channel.truncate(offset);
                }
            } catch (IOException ignored) {
                // See above.
            }
            throw e;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void writeFully(FileChannel ch, ByteBuffer b, long pos) throws IOException {
        long at = pos;
        while (b.hasRemaining()) {
            at += ch.write(b, at);
        }
    }

    private static void writeZeros(FileChannel ch, long from, long to) throws IOException {
        long at = from;
        while (at < to) {
            ByteBuffer zeros = ZEROS.duplicate();
            zeros.limit((int) Math.min(zeros.capacity(), to - at));
            at += ch.write(zeros, at);
        }
    }

    private void roll(long need) throws IOException {
        if (active != null) {
            seal(active);
            if (active.removable()) {
                removeSegment(active);
            }
            active = null; // sealed whatever comes next: a failed creation below must not seal it twice
        }
        Segment seg = newSegment();
        seg.channel = FileChannel.open(
                seg.file,
                Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE),
                PrivateFiles.fileAttributes());
        segments.add(seg);
        active = seg;
        if (mapSegments) {
            try {
                seg.map = seg.channel.map(FileChannel.MapMode.READ_WRITE, 0, Math.max(segmentBytes, need));
            } catch (IOException | UnsupportedOperationException notMappable) {
                // Positional writes instead; the file may have been extended with zeros, which
                // readers take for the end of the records.
                seg.map = null;
            }
        }
    }

    /**
     * Ends a segment's writing: its channel is closed and a mapped file is cut back to its
     * records (the zeros written ahead are not needed any more; a failed cut only leaves them).
     */
    private static void seal(Segment seg) {
        seg.sealed = true;
        if (seg.channel != null) {
            try {
                if (seg.allocated > seg.size && seg.channel.isOpen()) {
                    seg.channel.truncate(seg.size);
                }
            } catch (IOException ignored) {
                // Zeros after the last record are read as its end.
            }
        }
        seg.closeRecords();
    }

    private Segment newSegment() {
        return new Segment(dir.resolve(String.format("%s.%06d.seg", owner, nextSeq++)));
    }

    /**
     * Reads one record back, checking it first: a length that does not fit the file or a checksum
     * that does not match is a {@link CorruptRecordException}, never a huge allocation or garbage.
     */
    public synchronized byte[] read(SpoolRef ref) throws IOException {
        boolean interrupted = Thread.interrupted(); // see writeRecord: an interrupt would close the channel
        try (FileChannel ch = FileChannel.open(ref.segment().file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (ref.offset() < 0 || ref.offset() + HEADER > size) {
                throw new CorruptRecordException("no record at offset " + ref.offset() + " of " + ref.segment());
            }
            ByteBuffer header = ByteBuffer.allocate(HEADER);
            readFully(ch, header, ref.offset());
            header.flip();
            int len = header.getInt();
            int crc = header.getInt();
            if (len <= 0 || ref.offset() + HEADER + len > size) {
                throw new CorruptRecordException(
                        "bad record length " + len + " at offset " + ref.offset() + " of " + ref.segment());
            }
            ByteBuffer payload = ByteBuffer.allocate(len);
            readFully(ch, payload, ref.offset() + HEADER);
            if (crc(payload.array()) != crc) {
                throw new CorruptRecordException(
                        "checksum mismatch at offset " + ref.offset() + " of " + ref.segment());
            }
            return payload.array();
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Marks a record answered; deletes its segment when that was the last one. */
    public synchronized void ack(SpoolRef ref) throws IOException {
        if (closed) {
            return;
        }
        Segment seg = ref.segment();
        if (!segments.contains(seg)) {
            return;
        }
        seg.ack(ref.offset());
        if (seg.removable()) {
            removeSegment(seg);
        }
    }

    private void removeSegment(Segment seg) throws IOException {
        segments.remove(seg);
        bytes -= seg.size;
        seg.delete();
    }

    /** Records written and not yet acknowledged. */
    public synchronized long unacked() {
        long n = 0;
        for (Segment s : segments) {
            n += s.records - s.acked.size();
        }
        return n;
    }

    /** Bytes the segments take. */
    public synchronized long bytes() {
        return bytes;
    }

    /** Closes files and releases this owner's lock; the segments stay for the next client. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (active != null) {
            seal(active);
        }
        for (Segment s : segments) {
            s.closeChannels();
        }
        try {
            if (active != null) {
                if (active.removable()) {
                    removeSegment(active);
                }
            }
            lock.release();
            lockChannel.close();
            // No segment left: the lock file has nothing to guard.
            if (segments.isEmpty()) {
                Files.deleteIfExists(lockFile);
            }
        } catch (IOException ignored) {
            // A stale lock file is harmless: the next client takes it over.
        } finally {
            // Only once the lock is released: until then, adopters in this JVM must not try it.
            LIVE_LOCKS.remove(lockFile);
        }
    }

    private static String ownerOf(Path segFile) {
        String name = segFile.getFileName().toString();
        int dot = name.indexOf('.');
        return dot > 0 ? name.substring(0, dot) : null;
    }

    private static void readFully(FileChannel ch, ByteBuffer b, long pos) throws IOException {
        while (b.hasRemaining()) {
            int n = ch.read(b, pos + b.position());
            if (n < 0) {
                throw new IOException("unexpected end of spool segment");
            }
        }
    }

    private static int crc(byte[] bytes) {
        CRC32 c = new CRC32();
        c.update(bytes);
        return (int) c.getValue();
    }
}
