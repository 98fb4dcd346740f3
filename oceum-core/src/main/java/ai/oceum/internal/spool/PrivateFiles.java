package ai.oceum.internal.spool;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the spool's directory and files readable by their owner only ({@code 0700} and
 * {@code 0600}): the spool holds event contents such as error messages and memory text. Only
 * where the file system has POSIX permissions; elsewhere (Windows) the directory's own access
 * rules apply. Stateless and thread-safe.
 */
final class PrivateFiles {
    private static final Logger log = LoggerFactory.getLogger("ai.oceum.spool");
    private static final boolean POSIX =
            FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    private static final FileAttribute<?>[] NONE = new FileAttribute<?>[0];

    private PrivateFiles() {}

    /**
     * Creates {@code dir} (and its missing parents) with the directory itself {@code 0700}. A
     * directory that already exists keeps its permissions (it may be shared on purpose, and may
     * not even be ours), but one that others can read is warned about.
     */
    static void createDirectory(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            warnIfOthersCanRead(dir);
            return;
        }
        Path parent = dir.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try {
            Files.createDirectory(
                    dir, POSIX ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(DIRECTORY)} : NONE);
        } catch (java.nio.file.FileAlreadyExistsException createdMeanwhile) {
            if (!Files.isDirectory(dir)) {
                throw createdMeanwhile;
            }
        }
    }

    /** The attributes that create a file {@code 0600} (none where POSIX permissions are not supported). */
    static FileAttribute<?>[] fileAttributes() {
        return POSIX ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE)} : NONE;
    }

    /** Makes an existing file {@code 0600} (an adopted segment written by an older version); best effort. */
    static void restrict(Path file) {
        if (!POSIX) {
            return;
        }
        try {
            Files.setPosixFilePermissions(file, FILE);
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            // Not ours to change (another user's file): it stays as it was.
        }
    }

    private static void warnIfOthersCanRead(Path dir) {
        if (!POSIX) {
            return;
        }
        try {
            Set<PosixFilePermission> p = Files.getPosixFilePermissions(dir);
            if (p.contains(PosixFilePermission.GROUP_READ) || p.contains(PosixFilePermission.OTHERS_READ)) {
                log.warn(
                        "Oceum spool directory {} can be read by other users ({}): events in it hold error messages "
                                + "and memory text; restrict it to its owner (chmod 700)",
                        dir,
                        PosixFilePermissions.toString(p));
            }
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            // Cannot tell: nothing to warn about.
        }
    }
}
