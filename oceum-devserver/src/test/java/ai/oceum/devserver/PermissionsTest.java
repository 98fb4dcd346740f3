package ai.oceum.devserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The data directory holds everything agents reported (error messages, memory contents) and the
 * vault key: other users of the machine must not read it (before the fix: drwxr-xr-x and
 * -rw-r--r-- oceum.mv.db under the usual umask 022).
 */
class PermissionsTest {
    @TempDir
    Path tmp;

    @BeforeEach
    void posixOnly() {
        assumeTrue(tmp.getFileSystem().supportedFileAttributeViews().contains("posix"), "POSIX permissions only");
    }

    private static String perms(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void aNewDataDirectoryAndEveryFileInItAreOwnerOnly() throws Exception {
        Path dir = tmp.resolve("project").resolve(".oceum");
        try (DevServer server =
                DevServer.builder().dataDir(dir).apiKey("k").build().start()) {
            Api api = new Api(server);
            api.event("{\"event\":\"memory\",\"agentId\":\"a\",\"data\":{\"content\":\"customer 42 is on holiday\"}}");
            api.event("{\"event\":\"vault_store\",\"agentId\":\"a\",\"data\":{\"data\":\"s3cret\"}}");
            assertThat(perms(dir)).isEqualTo("rwx------");
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.toList())
                    .isNotEmpty()
                    .allSatisfy(f -> assertThat(perms(f)).as(f.toString()).isEqualTo("rw-------"));
        }
        assertThat(dir.resolve("oceum.mv.db")).exists();
        assertThat(dir.resolve("vault.key")).exists();
    }

    @Test
    void databaseFilesMadeByAnOlderServerAreNarrowedAtStart() throws Exception {
        Path dir = Files.createDirectory(
                tmp.resolve("old"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("oceum"))) {
            c.createStatement().execute("CREATE TABLE leftover (id INT)");
        }
        Files.setPosixFilePermissions(dir.resolve("oceum.mv.db"), PosixFilePermissions.fromString("rw-r--r--"));
        try (DevServer server =
                DevServer.builder().dataDir(dir).apiKey("k").build().start()) {
            assertThat(perms(dir.resolve("oceum.mv.db"))).isEqualTo("rw-------");
            // An existing directory is the user's: left as it is (a warning says how to close it).
            assertThat(perms(dir)).isEqualTo("rwxr-xr-x");
        }
    }
}
