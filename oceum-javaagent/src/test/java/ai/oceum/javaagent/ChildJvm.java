package ai.oceum.javaagent;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a main class in a child JVM and collects its exit code, stdout and stderr. */
final class ChildJvm {
    private static final long TIMEOUT_SECONDS = 60;

    private final List<String> jvmArgs = new ArrayList<>();
    private final List<String> classPath = new ArrayList<>();

    ChildJvm jvmArg(String arg) {
        jvmArgs.add(arg);
        return this;
    }

    ChildJvm classPath(String entry) {
        classPath.add(entry);
        return this;
    }

    Result run(String mainClass, String... args) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("oceum-child");
        File out = dir.resolve("stdout").toFile();
        File err = dir.resolve("stderr").toFile();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArgs);
        command.add("-cp");
        command.add(String.join(File.pathSeparator, classPath));
        command.add(mainClass);
        command.addAll(List.of(args));
        // Files, not pipes: a chatty child can never block on a full pipe.
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out).redirectError(err);
        // The child is configured by the test alone, never by a developer's own OCEUM_* variables.
        builder.environment().keySet().removeIf(name -> name.startsWith("OCEUM_"));
        Process process = builder.start();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("child JVM did not finish in " + TIMEOUT_SECONDS + " s: " + command);
        }
        return new Result(process.exitValue(), Files.readAllLines(out.toPath()), Files.readAllLines(err.toPath()));
    }

    record Result(int exitCode, List<String> stdout, List<String> stderr) {
        /** The stdout lines between two marker lines. */
        List<String> between(String start, String end) {
            int from = stdout.indexOf(start);
            int to = stdout.indexOf(end);
            return from < 0 || to < from ? List.of() : stdout.subList(from + 1, to);
        }

        /** The value of the first stdout line {@code key=value}. */
        String value(String key) {
            return stdout.stream().filter(l -> l.startsWith(key + "=")).map(l -> l.substring(key.length() + 1))
                    .findFirst().orElse(null);
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\nstdout:\n" + String.join("\n", stdout) + "\nstderr:\n" + String.join("\n", stderr);
        }
    }
}
