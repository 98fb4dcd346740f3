package ai.oceum.bench.delivery;

import ai.oceum.Oceum;
import ai.oceum.bench.support.BenchClients;
import ai.oceum.bench.support.LoopbackSink;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Background CPU per delivered event at a steady rate: the SDK (default settings) next to the bare
 * JDK {@link HttpClient} sending the same requests at the same rate from as many threads as the
 * SDK keeps in flight, in alternating windows in one JVM, both clients warmed up first and alive
 * throughout. For each window it prints the CPU of the whole process and of each thread group
 * ({@link ThreadCpu}: the SDK's sender, send and I/O threads, the HTTP selector, the receiver's
 * threads when it runs in this JVM, the producer), the context switches per group and the threads
 * started. A sustained run of real threads, measured end to end: a main, not JMH.
 *
 * <pre>
 * # receiver in this JVM (its threads are reported as their own group):
 * java -cp benchmarks/target/benchmarks.jar ai.oceum.bench.delivery.DeliveryCpu \
 *     [--rate 500] [--warmup 20] [--seconds 10] [--pairs 3] [--clients sdk,jdk,jdk-direct]
 * # receiver in another JVM (process CPU is then the client's alone):
 * java -cp benchmarks/target/benchmarks.jar ai.oceum.bench.delivery.DeliveryCpu --serve 4
 * java -cp benchmarks/target/benchmarks.jar ai.oceum.bench.delivery.DeliveryCpu --url http://127.0.0.1:PORT
 * </pre>
 */
public final class DeliveryCpu {
    private DeliveryCpu() {}

    /** One client under measurement: sends event {@code seq}, waits until all sent are answered. */
    private interface Client extends AutoCloseable {
        void send(int seq);

        void drain() throws InterruptedException;

        @Override
        void close();
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            opts.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        if (opts.containsKey("serve")) {
            try (LoopbackSink sink = LoopbackSink.start(Integer.parseInt(opts.get("serve")))) {
                System.out.println("serving " + sink.baseUrl());
                new CountDownLatch(1).await(); // until the process is stopped
            }
            return;
        }
        int rate = Integer.parseInt(opts.getOrDefault("rate", "500"));
        int warmup = Integer.parseInt(opts.getOrDefault("warmup", "20"));
        int seconds = Integer.parseInt(opts.getOrDefault("seconds", "10"));
        int pairs = Integer.parseInt(opts.getOrDefault("pairs", "3"));
        List<String> names = List.of(opts.getOrDefault("clients", "sdk,jdk").split(","));
        LoopbackSink sink = opts.containsKey("url") ? null : LoopbackSink.start(4);
        String url = sink == null ? opts.get("url") : sink.baseUrl();
        System.out.printf(
                Locale.ROOT,
                "DeliveryCpu: %d events/s, warm-up %d s per client, windows of %d s, %d per client, receiver %s"
                        + " (%s), %d CPUs, %s, load %s%n",
                rate,
                warmup,
                seconds,
                pairs,
                url,
                sink == null ? "another process" : "this JVM, 4 threads",
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.runtime.version"),
                load());
        Map<String, Client> clients = new LinkedHashMap<>();
        for (String name : names) {
            clients.put(name.strip(), open(name.strip(), url));
        }
        for (Map.Entry<String, Client> c : clients.entrySet()) {
            pace(c.getValue(), rate, warmup);
            c.getValue().drain();
        }
        Map<String, List<Map<String, Double>>> perEvent = new LinkedHashMap<>();
        for (int pair = 0; pair < pairs; pair++) {
            for (int k = 0; k < names.size(); k++) {
                String name = names.get((pair + k) % names.size()).strip();
                perEvent.computeIfAbsent(name, n -> new ArrayList<>())
                        .add(window(name, clients.get(name), rate, seconds, pair + 1));
            }
        }
        clients.values().forEach(Client::close);
        if (sink != null) {
            sink.close();
        }
        summary(perEvent);
        System.out.println("load at the end " + load());
    }

    private static Client open(String name, String url) {
        return switch (name) {
            case "sdk" -> sdk(url);
            case "jdk" -> bare(url, false);
            case "jdk-direct" -> bare(url, true);
            default -> throw new IllegalArgumentException("unknown client " + name + ": use sdk, jdk or jdk-direct");
        };
    }

    private static Client sdk(String url) {
        Oceum oceum = BenchClients.builder(url).apiKey(Receiver.API_KEY).build();
        return new Client() {
            @Override
            public void send(int seq) {
                oceum.taskComplete("bench-task", Map.of("seq", seq));
            }

            @Override
            public void drain() {
                if (!oceum.flush(Duration.ofMinutes(1))) {
                    throw new IllegalStateException("not delivered within a minute: " + oceum.stats());
                }
            }

            @Override
            public void close() {
                oceum.close(Duration.ofSeconds(5));
            }
        };
    }

    /**
     * The bare client: the producer hands each request to one of 4 threads that send it with
     * {@code send}. {@code direct}: the client's executor runs its tasks on the thread that submits
     * them (the selector or the sending thread) instead of handing each to a pool thread; an
     * experiment on the cost of those hand-offs, not a setting the JDK recommends.
     */
    private static Client bare(String url, boolean direct) {
        HttpClient.Builder builder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1);
        if (direct) {
            builder.executor(Runnable::run);
        }
        HttpClient client = builder.build();
        URI uri = URI.create(url + "/api/webhook");
        AtomicInteger n = new AtomicInteger();
        ExecutorService senders = new ThreadPoolExecutor(4, 4, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "ceiling-sender-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        AtomicLong submitted = new AtomicLong();
        AtomicLong answered = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        return new Client() {
            @Override
            public void send(int seq) {
                submitted.incrementAndGet();
                senders.execute(() -> {
                    try {
                        HttpResponse<String> r = client.send(
                                Ceilings.request(uri, Receiver.API_KEY, seq), HttpResponse.BodyHandlers.ofString());
                        if (r.statusCode() / 100 != 2) {
                            failed.incrementAndGet();
                        }
                    } catch (Exception e) {
                        failed.incrementAndGet();
                    } finally {
                        synchronized (answered) {
                            answered.incrementAndGet();
                            answered.notifyAll();
                        }
                    }
                });
            }

            @Override
            public void drain() throws InterruptedException {
                long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
                synchronized (answered) {
                    while (answered.get() < submitted.get()) {
                        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                        if (left <= 0) {
                            throw new IllegalStateException("bare client: not answered within a minute");
                        }
                        answered.wait(left);
                    }
                }
                if (failed.get() > 0) {
                    throw new IllegalStateException("bare client: " + failed.get() + " requests failed");
                }
            }

            @Override
            public void close() {
                senders.shutdown();
            }
        };
    }

    /** Sends {@code rate} events per second for {@code seconds} from this thread, each at its due time. */
    private static int pace(Client client, int rate, int seconds) {
        int events = rate * seconds;
        long interval = 1_000_000_000L / rate;
        long start = System.nanoTime();
        for (int i = 0; i < events; i++) {
            // Load shaping, not a wait for a condition: event i is due at a fixed time.
            long due = start + i * interval;
            long now;
            while ((now = System.nanoTime()) < due) {
                LockSupport.parkNanos(due - now);
            }
            client.send(i);
        }
        return events;
    }

    /** One measured window; prints it and returns µs per event by group (and the totals). */
    private static Map<String, Double> window(String name, Client client, int rate, int seconds, int number)
            throws InterruptedException {
        ThreadCpu before = ThreadCpu.now();
        long start = System.nanoTime();
        int events = pace(client, rate, seconds);
        client.drain();
        double wall = (System.nanoTime() - start) / 1e9;
        ThreadCpu after = ThreadCpu.now();
        Map<String, Long> cpu = after.cpuMinus(before);
        Map<String, Long> switches = after.switchesMinus(before);
        Map<String, Long> system = after.systemNanosMinus(before);
        long process = after.processCpuNanos - before.processCpuNanos;
        long java = cpu.values().stream().mapToLong(Long::longValue).sum();
        long outside = cpu.getOrDefault("receiver (in this JVM)", 0L) + cpu.getOrDefault("producer (main)", 0L);
        Map<String, Double> row = new LinkedHashMap<>();
        row.put("process", process / 1e3 / events);
        row.put("process - receiver - producer", (process - outside) / 1e3 / events);
        row.put("JVM internal (GC, JIT, VM; process - Java threads)", (process - java) / 1e3 / events);
        cpu.forEach((group, nanos) -> row.put(group, nanos / 1e3 / events));
        StringBuilder line = new StringBuilder(String.format(
                Locale.ROOT,
                "window %d %s: %,d events in %.2f s; process %s µs/event, without receiver and producer %s µs/event,"
                        + " JVM internal %s µs/event; threads started %d%n",
                number,
                name,
                events,
                wall,
                ThreadCpu.micros(process, events),
                ThreadCpu.micros(process - outside, events),
                ThreadCpu.micros(process - java, events),
                after.startedThreads - before.startedThreads));
        for (String group : new TreeSet<>(cpu.keySet())) {
            line.append(String.format(
                    Locale.ROOT,
                    "    %-40s %8s µs/event CPU (of it in the kernel %s), %6.2f context switches/event%n",
                    group,
                    ThreadCpu.micros(cpu.get(group), events),
                    ThreadCpu.micros(system.getOrDefault(group, 0L), events),
                    switches.getOrDefault(group, 0L) / (double) events));
            row.put("switches: " + group, switches.getOrDefault(group, 0L) / (double) events);
            row.put("kernel: " + group, system.getOrDefault(group, 0L) / 1e3 / events);
        }
        System.out.print(line);
        return row;
    }

    private static void summary(Map<String, List<Map<String, Double>>> perEvent) {
        List<String> clients = new ArrayList<>(perEvent.keySet());
        TreeSet<String> keys = new TreeSet<>();
        perEvent.values().forEach(rows -> rows.forEach(r -> keys.addAll(r.keySet())));
        System.out.println();
        System.out.println("median over the windows, µs of CPU per delivered event (switches: per event)");
        System.out.println("| group | " + String.join(" | ", clients) + " |");
        System.out.println("|---|" + "---:|".repeat(clients.size()));
        for (String key : keys) {
            StringBuilder b = new StringBuilder("| " + key + " |");
            for (String c : clients) {
                double[] v = perEvent.get(c).stream()
                        .mapToDouble(r -> r.getOrDefault(key, 0.0))
                        .sorted()
                        .toArray();
                b.append(String.format(Locale.ROOT, " %.1f |", v[v.length / 2]));
            }
            System.out.println(b);
        }
    }

    private static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (Exception e) {
            return "?";
        }
    }
}
