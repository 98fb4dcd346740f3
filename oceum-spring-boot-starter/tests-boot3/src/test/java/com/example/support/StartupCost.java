package com.example.support;

import ai.oceum.testing.TestClients;
import ai.oceum.testing.TestReceiver;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.metrics.buffering.BufferingApplicationStartup;
import org.springframework.boot.context.metrics.buffering.StartupTimeline;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.metrics.StartupStep;

/**
 * What the starter adds to an application's startup: the same application ({@link SupportApp}:
 * web, actuator, LangChain4j's starters, one {@code @AiService}, one {@code @AgentTask} bean) started
 * in a fresh JVM each time, alternately with the starter's jar on the class path and without it,
 * side by side in one run. Prints each start and the medians of the wall time of {@code run()} and
 * of the JVM's CPU time at that point (less sensitive to a loaded machine), and — from Boot's
 * startup steps — how long creating the starter's own beans took.
 *
 * <pre>
 * mvn -B -q -o -pl oceum-spring-boot-starter/tests-boot3 -am test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=/tmp/boot3-cp.txt -Dmdep.includeScope=test
 * java -cp oceum-spring-boot-starter/tests-boot3/target/test-classes:$(cat /tmp/boot3-cp.txt) \
 *     com.example.support.StartupCost 10
 * </pre>
 */
public final class StartupCost {
    private static final List<Long> OWN = new ArrayList<>();
    private static final Map<String, List<Long>> CPU = new HashMap<>();

    private StartupCost() {}

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("child")) {
            child(args[1]);
            return;
        }
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        String classPath = System.getProperty("java.class.path");
        String without = Arrays.stream(classPath.split(File.pathSeparator))
                .filter(e -> !isStarter(e))
                .collect(Collectors.joining(File.pathSeparator));
        if (without.equals(classPath)) {
            throw new IllegalStateException("the starter is not on the class path: " + classPath);
        }
        List<Long> withStarter = new ArrayList<>();
        List<Long> withoutStarter = new ArrayList<>();
        try (TestReceiver receiver = TestReceiver.start()) {
            run(without, receiver, "warm-up");
            run(classPath, receiver, "warm-up");
            for (int i = 0; i < rounds; i++) {
                boolean starterFirst = i % 2 == 0;
                for (int k = 0; k < 2; k++) {
                    boolean starter = starterFirst == (k == 0);
                    long ms = run(starter ? classPath : without, receiver, starter ? "with" : "without");
                    (starter ? withStarter : withoutStarter).add(ms);
                    List<Long> cpu = CPU.get(starter ? "with" : "without");
                    System.out.printf(
                            "round %2d %-8s %5d ms (CPU %d ms)%n",
                            i + 1, starter ? "with" : "without", ms, cpu.get(cpu.size() - 1));
                }
            }
        }
        List<Long> own = new ArrayList<>();
        for (int i = 0; i < OWN.size(); i++) {
            // Only the runs with the starter create its beans.
            if (OWN.get(i) > 0) {
                own.add(OWN.get(i));
            }
        }
        long a = median(withoutStarter);
        long b = median(withStarter);
        System.out.printf(
                "median context start: without the starter %d ms, with it %d ms, difference %+d ms (%d rounds, "
                        + "load average at end %.1f); creating the starter's own beans: median %.1f ms%n",
                a,
                b,
                b - a,
                rounds,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                median(own) / 1000.0);
        long cpuWithout = median(CPU.get("without"));
        long cpuWith = median(CPU.get("with"));
        System.out.printf(
                "median JVM CPU time at context start: without the starter %d ms, with it %d ms, difference %+d ms%n",
                cpuWithout, cpuWith, cpuWith - cpuWithout);
    }

    private static boolean isStarter(String entry) {
        String e = entry.replace('\\', '/');
        return e.endsWith("oceum-spring-boot-starter/target/classes") || e.contains("/oceum-spring-boot-starter-0");
    }

    /** Starts the application in a child JVM; returns the time its {@code run()} took. */
    private static long run(String classPath, TestReceiver receiver, String label) throws Exception {
        Process p = new ProcessBuilder(
                        System.getProperty("java.home") + "/bin/java",
                        "-Xshare:auto",
                        "-cp",
                        classPath,
                        StartupCost.class.getName(),
                        "child",
                        receiver.baseUrl())
                .redirectErrorStream(true)
                .start();
        String result = null;
        List<String> output = new ArrayList<>();
        try (BufferedReader in =
                new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                output.add(line);
                if (line.startsWith("CPU ")) {
                    CPU.put(label, CPU.getOrDefault(label, new ArrayList<>()));
                    CPU.get(label).add(Long.parseLong(line.substring(4)));
                }
                if (line.startsWith("OWN ")) {
                    OWN.add(Long.parseLong(line.substring(4)));
                }
                if (line.startsWith("STARTED ")) {
                    result = line.substring("STARTED ".length());
                }
            }
        }
        if (p.waitFor() != 0 || result == null) {
            throw new IllegalStateException(label + " start failed:\n" + String.join("\n", output));
        }
        return Long.parseLong(result);
    }

    private static void child(String receiverUrl) {
        long t0 = System.nanoTime();
        BufferingApplicationStartup steps = new BufferingApplicationStartup(100_000);
        ConfigurableApplicationContext app = new SpringApplicationBuilder(SupportApp.class)
                .applicationStartup(steps)
                .logStartupInfo(false)
                .properties(
                        "server.port=0",
                        "spring.main.banner-mode=off",
                        "logging.level.root=WARN",
                        "oceum.api-key=" + TestClients.API_KEY,
                        "oceum.agent-id=startup",
                        "oceum.base-url=" + receiverUrl,
                        "langchain4j.open-ai.chat-model.base-url=http://127.0.0.1:9",
                        "langchain4j.open-ai.chat-model.api-key=sk-test",
                        "spring.ai.model.chat=none",
                        "spring.ai.openai.api-key=unused")
                .run();
        long ms = (System.nanoTime() - t0) / 1_000_000;
        // CPU time of the whole JVM so far (every thread): the work done, whatever the machine's load.
        long cpuMs = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                        .getProcessCpuTime()
                / 1_000_000;
        System.out.println("CPU " + cpuMs);
        System.out.println("OWN " + ownBeansMicros(steps));
        System.out.println("STARTED " + ms);
        app.close();
    }

    /** Time spent creating the starter's own beans (outermost creation steps only), in microseconds. */
    private static long ownBeansMicros(BufferingApplicationStartup steps) {
        Map<Long, String> beanOfStep = new HashMap<>();
        long micros = 0;
        for (StartupTimeline.TimelineEvent event : steps.getBufferedTimeline().getEvents()) {
            if (!event.getStartupStep().getName().equals("spring.beans.instantiate")) {
                continue;
            }
            String bean = "";
            for (StartupStep.Tag tag : event.getStartupStep().getTags()) {
                if (tag.getKey().equals("beanName")) {
                    bean = tag.getValue();
                }
            }
            beanOfStep.put(event.getStartupStep().getId(), bean);
            Long parent = event.getStartupStep().getParentId();
            boolean nestedInOurs = parent != null && isOurs(beanOfStep.getOrDefault(parent, ""));
            if (isOurs(bean) && !nestedInOurs) {
                micros += event.getDuration().toNanos() / 1000;
            }
        }
        return micros;
    }

    private static boolean isOurs(String bean) {
        return bean.startsWith("oceum") || bean.startsWith("ai.oceum.spring.boot");
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
