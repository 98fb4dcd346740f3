package ai.oceum.reliability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** One line about the machine a run used: CPUs, CPU model, JVM, OS. */
final class Machine {
    private Machine() {}

    static String describe() {
        return Runtime.getRuntime().availableProcessors() + " CPUs (" + cpuModel() + "), "
                + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version") + ", "
                + System.getProperty("os.name") + " " + System.getProperty("os.version");
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).strip();
                }
            }
        } catch (IOException | RuntimeException notLinux) {
            // Fall through.
        }
        return System.getProperty("os.arch");
    }
}
