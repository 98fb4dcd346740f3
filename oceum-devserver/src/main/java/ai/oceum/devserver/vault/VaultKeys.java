package ai.oceum.devserver.vault;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;

/**
 * Where the vault key comes from, in order: the key given to the builder; the environment
 * variable {@value #ENV} (base64 of 16, 24 or 32 bytes); the file {@value #FILE} in the data
 * directory, created on first start with owner-only permissions (rw-------); a key that lives
 * only as long as the process when the server keeps no data directory (in memory).
 */
public final class VaultKeys {
    /** The environment variable holding the base64 key. */
    public static final String ENV = "OCEUM_DEVSERVER_VAULT_KEY";
    /** The key file's name in the data directory. */
    public static final String FILE = "vault.key";

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private VaultKeys() {}

    /** The key to use, by the order above. */
    public static byte[] resolve(byte[] given, String envValue, Path dataDir) {
        if (given != null) {
            return given;
        }
        if (envValue != null && !envValue.isBlank()) {
            try {
                return Base64.getDecoder().decode(envValue.strip());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        ENV + " must be base64 of a 16, 24 or 32 byte key (for example: openssl rand -base64 32)");
            }
        }
        if (dataDir == null) {
            return newKey();
        }
        return fromFile(dataDir.resolve(FILE));
    }

    /** Reads the key file, creating it with a new random key (owner-only) when absent. */
    static byte[] fromFile(Path file) {
        try {
            if (!Files.exists(file)) {
                byte[] key = newKey();
                try {
                    create(file, Base64.getEncoder().encodeToString(key));
                    return key;
                } catch (FileAlreadyExistsException raced) {
                    // Another server on the same directory created it first: use that one.
                }
            }
            return Base64.getDecoder()
                    .decode(Files.readString(file, StandardCharsets.US_ASCII).strip());
        } catch (IOException e) {
            throw new IllegalStateException(
                    "cannot read or create the vault key file " + file + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("the vault key file " + file + " is not base64", e);
        }
    }

    private static void create(Path file, String content) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        boolean posix = file.getFileSystem().supportedFileAttributeViews().contains("posix");
        if (posix) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } else {
            Files.createFile(file);
            java.io.File f = file.toFile();
            f.setReadable(false, false);
            f.setWritable(false, false);
            f.setReadable(true, true);
            f.setWritable(true, true);
        }
        Files.writeString(file, content + "\n", StandardCharsets.US_ASCII);
    }

    private static byte[] newKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }
}
