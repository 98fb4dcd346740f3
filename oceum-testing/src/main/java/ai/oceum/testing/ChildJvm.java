package ai.oceum.testing;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Runs a {@code main} class in a new JVM: for tests of what happens when a process dies
 * ({@code kill -9}), exits without closing its client, or starts with a Java agent.
 *
 * <p>The child runs this JVM's {@code java}, on this JVM's test class path unless
 * {@link #classPath(String) entries} are given, and never sees the developer's own {@code OCEUM_*}
 * environment variables: a test configures it alone.
 *
 * <pre>{@code
 * Process child = ChildJvm.start(CrashingApp.class, receiver.baseUrl());   // kill it when you like
 * ChildJvm.Result r = new ChildJvm().jvmArg("-javaagent:" + jar).classPath(dir).run("example.App");
 * assertThat(r.exitCode()).as(r.toString()).isZero();
 * }</pre>
 *
 * <p>Not thread-safe: configure and start it on one thread.
 */
public final class ChildJvm {
    private final List<String> jvmArgs = new ArrayList<>();
    private final List<String> classPath = new ArrayList<>();
    private Duration timeout = Duration.ofSeconds(60);

    /** A child with no JVM option, on this JVM's class path, waited for at most 60 s by {@link #run}. */
    public ChildJvm() {}

    /** Starts {@code main} with {@code args} on this JVM's class path (see {@link #start(String, String...)}). */
    public static Process start(Class<?> main, String... args) throws IOException {
        return new ChildJvm().start(main.getName(), args);
    }

    /** Adds a JVM option ({@code -Xmx128m}, {@code -javaagent:...}, {@code -Dkey=value}). */
    public ChildJvm jvmArg(String arg) {
        jvmArgs.add(Objects.requireNonNull(arg, "arg"));
        return this;
    }

    /** Adds a class path entry; once one is given, this JVM's class path is no longer used. */
    public ChildJvm classPath(String entry) {
        classPath.add(Objects.requireNonNull(entry, "entry"));
        return this;
    }

    /** How long {@link #run(String, String...)} waits for the child to exit (default 60 s). */
    public ChildJvm timeout(Duration timeout) {
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        return this;
    }

    /**
     * Starts {@code mainClass} and returns at once; stdout and stderr are merged into the process's
     * input stream: read it, or the child blocks once the pipe is full (or use
     * {@link #start(Path, String, String...)}).
     */
    public Process start(String mainClass, String... args) throws IOException {
        return builder(mainClass, args).redirectErrorStream(true).start();
    }

    /** Starts {@code mainClass} with stdout and stderr merged into the file {@code output}; returns at once. */
    public Process start(Path output, String mainClass, String... args) throws IOException {
        return builder(mainClass, args)
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
    }

    /**
     * Runs {@code mainClass} to its end (killing it and failing after the {@link #timeout(Duration) timeout})
     * and returns its exit code and output. Output goes through files, not pipes, so a chatty child
     * can never block on a full pipe.
     */
    public Result run(String mainClass, String... args) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("oceum-child");
        File out = dir.resolve("stdout").toFile();
        File err = dir.resolve("stderr").toFile();
        ProcessBuilder builder = builder(mainClass, args).redirectOutput(out).redirectError(err);
        try {
            Process process = builder.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor();
                throw new AssertionError("child JVM did not finish in " + timeout + ": " + builder.command()
                        + "\nstdout:\n" + Files.readString(out.toPath(), StandardCharsets.UTF_8)
                        + "\nstderr:\n" + Files.readString(err.toPath(), StandardCharsets.UTF_8));
            }
            return new Result(
                    process.exitValue(),
                    Files.readAllLines(out.toPath(), StandardCharsets.UTF_8),
                    Files.readAllLines(err.toPath(), StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out.toPath());
            Files.deleteIfExists(err.toPath());
            Files.deleteIfExists(dir);
        }
    }

    private ProcessBuilder builder(String mainClass, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArgs);
        command.add("-cp");
        command.add(classPath.isEmpty() ? testClassPath() : String.join(File.pathSeparator, classPath));
        command.add(Objects.requireNonNull(mainClass, "mainClass"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(name -> name.startsWith("OCEUM_"));
        return builder;
    }

    /** This JVM's class path, as the test runner knows it. */
    public static String testClassPath() {
        // Surefire may run tests from a manifest-only jar; it then names the real class path here.
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }

    /**
     * What a finished child left: its exit code and its output lines; immutable.
     *
     * @param exitCode the process's exit code
     * @param stdout   its standard output, line by line
     * @param stderr   its standard error, line by line
     */
    public record Result(int exitCode, List<String> stdout, List<String> stderr) {
        /** Copies the lines. */
        public Result {
            stdout = List.copyOf(stdout);
            stderr = List.copyOf(stderr);
        }

        /** The stdout lines between two marker lines (empty when either is missing). */
        public List<String> between(String start, String end) {
            int from = stdout.indexOf(start);
            int to = stdout.indexOf(end);
            return from < 0 || to < from ? List.of() : stdout.subList(from + 1, to);
        }

        /** The value of the first stdout line {@code key=value}, or null. */
        public String value(String key) {
            return stdout.stream()
                    .filter(l -> l.startsWith(key + "="))
                    .map(l -> l.substring(key.length() + 1))
                    .findFirst()
                    .orElse(null);
        }

        /** Exit code and both outputs, for assertion messages. */
        @Override
        public String toString() {
            return "exit " + exitCode + "\nstdout:\n" + String.join("\n", stdout) + "\nstderr:\n"
                    + String.join("\n", stderr);
        }
    }
}
