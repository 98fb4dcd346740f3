package ai.oceum.internal.spool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;

/**
 * One spool segment: a {@code .seg} file of records and a {@code .ack} file of the offsets of
 * records Oceum has answered. A segment is deleted once it is sealed (no longer written) and every
 * record in it is acknowledged. Guarded by the {@link Spool}'s lock.
 */
public final class Segment {
    final Path file;
    final Path ackFile;
    FileChannel channel;
    FileChannel ackChannel;
    /** The active segment's mapping (see {@link Spool}); null once sealed, or when not mapped. */
    MappedByteBuffer map;
    /** Bytes of the mapped file really written (zeros ahead of the records): stores below never fault. */
    long allocated;
    /** A store into the mapping failed: no further record goes here. */
    boolean broken;
    /** Bytes of its records (not of its file, which a mapping makes longer). */
    long size;

    int records;
    final Set<Long> acked = new HashSet<>();
    boolean sealed;

    Segment(Path file) {
        this.file = file;
        this.ackFile = file.resolveSibling(file.getFileName().toString().replace(".seg", ".ack"));
    }

    boolean removable() {
        return sealed && acked.size() >= records;
    }

    /**
     * Records an answered offset. As for records, the caller's interrupt status is set aside for
     * the write, and a channel closed under it by an interrupt is reopened once.
     */
    void ack(long offset) throws IOException {
        if (!acked.add(offset)) {
            return;
        }
        boolean interrupted = Thread.interrupted();
        try {
            ByteBuffer b = ByteBuffer.allocate(8).putLong(offset).flip();
            try {
                writeAck(b);
            } catch (java.nio.channels.ClosedChannelException closedUnderUs) {
                Thread.interrupted();
                ackChannel = null;
                b.rewind();
                writeAck(b);
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void writeAck(ByteBuffer b) throws IOException {
        if (ackChannel == null) {
            ackChannel = FileChannel.open(
                    ackFile,
                    java.util.Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND),
                    PrivateFiles.fileAttributes());
        }
        while (b.hasRemaining()) {
            ackChannel.write(b);
        }
    }

    /** Reads the acknowledged offsets written by an earlier owner (a torn last entry is ignored). */
    void loadAcks() throws IOException {
        if (!Files.exists(ackFile)) {
            return;
        }
        byte[] bytes = Files.readAllBytes(ackFile);
        ByteBuffer b = ByteBuffer.wrap(bytes);
        while (b.remaining() >= 8) {
            acked.add(b.getLong());
        }
    }

    /** Closes the records' channel and lets the mapping go (the GC unmaps it); acks still go to the ack file. */
    void closeRecords() {
        map = null;
        try {
            if (channel != null) {
                channel.close();
            }
        } catch (IOException ignored) {
            // Closing a file we are done with: nothing to recover.
        }
        channel = null;
    }

    void closeChannels() {
        map = null;
        try {
            if (channel != null) {
                channel.close();
            }
            if (ackChannel != null) {
                ackChannel.close();
            }
        } catch (IOException ignored) {
            // Closing a file we are done with: nothing to recover.
        }
        channel = null;
        ackChannel = null;
    }

    void delete() throws IOException {
        closeChannels();
        Files.deleteIfExists(ackFile);
        Files.deleteIfExists(file);
    }

    @Override
    public String toString() {
        return file.getFileName().toString();
    }
}
