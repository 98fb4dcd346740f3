package ai.oceum.bench.delivery;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A snapshot of where this process's CPU went, by thread group: Java threads through
 * {@link ThreadMXBean} (nanosecond CPU time, grouped by name), the whole process through
 * {@code OperatingSystemMXBean.getProcessCpuTime()}, and context switches per group from Linux's
 * {@code /proc/self/task/<tid>/status} (grouped by the kernel's 15-character thread name). Two
 * snapshots give the CPU a window used ({@link #cpuMinus}, {@link #switchesMinus}); threads that ended inside the window
 * lose what they used in it, so windows are measured while the threads under test stay alive.
 *
 * <p>Immutable; take snapshots from any thread.
 */
final class ThreadCpu {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** Linux's USER_HZ is 100 on every common configuration. */
    private static final long NANOS_PER_TICK = 10_000_000L;

    /** CPU nanoseconds by Java thread id, with the thread's group. */
    private final Map<Long, Long> cpuById;

    private final Map<Long, String> groupById;
    /** Context switches (voluntary + involuntary) by native thread id, with the thread's group. */
    private final Map<String, Long> switchesByTid;

    private final Map<String, String> switchGroupByTid;
    /** Kernel CPU time (clock ticks, {@code stime} of {@code /proc/self/task/<tid>/stat}) by native thread id. */
    private final Map<String, Long> systemTicksByTid;

    final long processCpuNanos;
    final long startedThreads;

    private ThreadCpu(
            Map<Long, Long> cpuById,
            Map<Long, String> groupById,
            Map<String, Long> switchesByTid,
            Map<String, String> switchGroupByTid,
            Map<String, Long> systemTicksByTid,
            long processCpuNanos,
            long startedThreads) {
        this.cpuById = cpuById;
        this.groupById = groupById;
        this.switchesByTid = switchesByTid;
        this.switchGroupByTid = switchGroupByTid;
        this.systemTicksByTid = systemTicksByTid;
        this.processCpuNanos = processCpuNanos;
        this.startedThreads = startedThreads;
    }

    static ThreadCpu now() {
        Map<Long, Long> cpu = new HashMap<>();
        Map<Long, String> group = new HashMap<>();
        for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            long nanos = THREADS.getThreadCpuTime(info.getThreadId());
            if (nanos >= 0) {
                cpu.put(info.getThreadId(), nanos);
                group.put(info.getThreadId(), group(info.getThreadName()));
            }
        }
        Map<String, Long> switches = new HashMap<>();
        Map<String, String> switchGroup = new HashMap<>();
        Map<String, Long> systemTicks = new HashMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path task : tasks) {
                try {
                    String comm = Files.readString(task.resolve("comm")).strip();
                    long n = 0;
                    for (String line : Files.readAllLines(task.resolve("status"))) {
                        if (line.startsWith("voluntary_ctxt_switches:")
                                || line.startsWith("nonvoluntary_ctxt_switches:")) {
                            n += Long.parseLong(
                                    line.substring(line.indexOf(':') + 1).strip());
                        }
                    }
                    String tid = task.getFileName().toString();
                    String stat = Files.readString(task.resolve("stat"));
                    // After the name in parentheses: state is field 3, stime field 15.
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    systemTicks.put(tid, Long.parseLong(fields[12]));
                    switches.put(tid, n);
                    switchGroup.put(tid, group(comm));
                } catch (IOException | RuntimeException threadEnded) {
                    // The thread ended while being read: it has nothing more to count.
                }
            }
        } catch (IOException notLinux) {
            // No /proc: context switches are not counted.
        }
        long process = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
        return new ThreadCpu(
                cpu, group, switches, switchGroup, systemTicks, process, THREADS.getTotalStartedThreadCount());
    }

    /**
     * The group of a thread by its name (the Java name, or the kernel's name cut at 15 characters,
     * which these prefixes survive).
     */
    static String group(String name) {
        if (name.startsWith("oceum-sender")) {
            return "oceum sender";
        }
        if (name.startsWith("oceum-http")) {
            return "oceum http (blocking send)";
        }
        if (name.startsWith("oceum-io")) {
            return "oceum io (HttpClient executor)";
        }
        if (name.startsWith("oceum-")) {
            return "oceum other";
        }
        if (name.startsWith("HttpClient-") && name.contains("-Se")) {
            return "HttpClient selector";
        }
        if (name.startsWith("HttpClient-")) {
            return "HttpClient worker (default executor)";
        }
        if (name.startsWith("ceiling-")) {
            return "bare client send threads";
        }
        if (name.startsWith("loopback-sink") || name.startsWith("HTTP-Dispatcher")) {
            return "receiver (in this JVM)";
        }
        if (name.equals("main") || name.equals("java")) {
            return "producer (main)";
        }
        return "other";
    }

    /** CPU nanoseconds by group between {@code before} and this snapshot (Java threads only). */
    Map<String, Long> cpuMinus(ThreadCpu before) {
        Map<String, Long> out = new LinkedHashMap<>();
        cpuById.forEach(
                (id, nanos) -> out.merge(groupById.get(id), nanos - before.cpuById.getOrDefault(id, 0L), Long::sum));
        return out;
    }

    /** Context switches by group between {@code before} and this snapshot. */
    Map<String, Long> switchesMinus(ThreadCpu before) {
        Map<String, Long> out = new LinkedHashMap<>();
        switchesByTid.forEach((tid, n) ->
                out.merge(switchGroupByTid.get(tid), n - before.switchesByTid.getOrDefault(tid, 0L), Long::sum));
        return out;
    }

    /**
     * Kernel CPU nanoseconds by group between {@code before} and this snapshot (clock ticks of
     * 10 ms on Linux: coarse, meaningful over windows of seconds).
     */
    Map<String, Long> systemNanosMinus(ThreadCpu before) {
        Map<String, Long> out = new LinkedHashMap<>();
        systemTicksByTid.forEach((tid, n) -> out.merge(
                switchGroupByTid.get(tid),
                (n - before.systemTicksByTid.getOrDefault(tid, 0L)) * NANOS_PER_TICK,
                Long::sum));
        return out;
    }

    static String micros(long nanos, long events) {
        return String.format(Locale.ROOT, "%.1f", nanos / 1e3 / events);
    }
}
