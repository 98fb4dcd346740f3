package ai.oceum.devserver;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data directory (the H2 database, the vault key), kept private to the user running the
 * server where the file system has POSIX permissions: created {@code rwx------}, the database file
 * created {@code rw-------} before H2 opens it (so it never exists with the process's default
 * permissions), and database files made by an older server narrowed to {@code rw-------} at start.
 * An existing directory that others can read is left as it is (it may be shared on purpose) with
 * one warning saying how to close it. Elsewhere (Windows) the files get owner-only read and write
 * through {@link java.io.File}. Used once at start, on one thread.
 */
final class DataDirectory {
    private static final Logger log = LoggerFactory.getLogger(DataDirectory.class);
    private static final Set<PosixFilePermission> DIR = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE,
            PosixFilePermission.OTHERS_EXECUTE);

    private final Path dir;
    private final String databaseName;
    private final boolean posix;

    private DataDirectory(Path dir, String databaseName, boolean posix) {
        this.dir = dir;
        this.databaseName = databaseName;
        this.posix = posix;
    }

    /**
     * Creates the directory (owner-only) if needed and, for an H2 file database named
     * {@code databaseName} (null for another database), the empty file {@code <name>.mv.db}
     * (owner-only) if absent.
     *
     * @throws IllegalStateException naming the directory when it cannot be created
     */
    static DataDirectory prepare(Path dir, String databaseName) {
        try {
            boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
            if (Files.isDirectory(dir)) {
                if (posix && Files.getPosixFilePermissions(dir).stream().anyMatch(OTHERS::contains)) {
                    log.warn(
                            "The dev server's data directory {} can be read by other users of this machine; its database holds "
                                    + "everything agents reported. Make it private with: chmod 700 {}",
                            dir,
                            dir);
                }
            } else if (posix) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(DIR));
                Files.setPosixFilePermissions(
                        dir, DIR); // the umask may have narrowed what createDirectories set, never widened
            } else {
                Files.createDirectories(dir);
            }
            DataDirectory d = new DataDirectory(dir, databaseName, posix);
            if (databaseName != null) {
                d.createPrivate(dir.resolve(databaseName + ".mv.db"));
            }
            return d;
        } catch (IOException e) {
            throw new IllegalStateException("cannot create the data directory " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Narrows the database's files (made by H2, or by an older server) to owner-only. */
    void restrictFiles() {
        if (databaseName == null) {
            return;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith(databaseName + "."))
                    .toList()) {
                if (Files.isRegularFile(f)) {
                    ownerOnly(f);
                }
            }
        } catch (IOException e) {
            log.warn("could not make the dev server's database files in {} private: {}", dir, e.toString());
        }
    }

    private void createPrivate(Path file) throws IOException {
        try {
            if (posix) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(FILE));
            } else {
                Files.createFile(file);
                ownerOnly(file);
            }
        } catch (FileAlreadyExistsException existing) {
            ownerOnly(file);
        }
    }

    private void ownerOnly(Path file) throws IOException {
        if (posix) {
            Files.setPosixFilePermissions(file, FILE);
        } else {
            java.io.File f = file.toFile();
            f.setReadable(false, false);
            f.setWritable(false, false);
            f.setReadable(true, true);
            f.setWritable(true, true);
        }
    }
}
