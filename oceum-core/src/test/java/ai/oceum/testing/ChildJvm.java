package ai.oceum.testing;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Starts a {@code main} class of the test class path in a new JVM, for tests of what happens
 * when a process dies ({@code kill -9}) or exits without closing its client.
 */
public final class ChildJvm {
    private ChildJvm() {
    }

    /** Starts {@code main} with {@code args}; stdout and stderr are merged into the process's input stream. */
    public static Process start(Class<?> main, String... args) throws IOException {
        String[] command = new String[args.length + 4];
        command[0] = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        command[1] = "-cp";
        command[2] = classpath();
        command[3] = main.getName();
        System.arraycopy(args, 0, command, 4, args.length);
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    private static String classpath() {
        // Surefire may run tests from a manifest-only jar; it then names the real class path here.
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }
}
