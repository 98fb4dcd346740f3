package example.app;

import ai.oceum.Oceum;
import ai.oceum.TaskContext;
import ai.oceum.Usage;
import ai.oceum.annotation.AgentTask;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Instance, private, static, void, async, recursive and fan-out {@code @AgentTask} methods. */
public class SampleApp {
    private final ExecutorService pool = TaskContext.wrap(Executors.newFixedThreadPool(2));

    public static void main(String[] args) throws Exception {
        SampleApp app = new SampleApp();
        String verdict = app.triage("ticket-1");
        app.record("ticket-9", 3);
        app.log();
        int depth = app.countdown(200);
        CompletableFuture<String> later = app.answerLater();
        List<String> parts = app.fanOut(2);
        System.out.println(
                "verdict=" + verdict + " depth=" + depth + " later=" + later.join() + " parts=" + parts.size());
        app.pool.shutdown();
        System.out.println("done");
    }

    @AgentTask
    public String triage(String ticket) {
        return classify(ticket);
    }

    @AgentTask("private-step")
    private String classify(String ticket) {
        return lookup(ticket) + ":billing";
    }

    @AgentTask("static-task")
    static String lookup(String ticket) {
        return ticket.toUpperCase(Locale.ROOT);
    }

    @AgentTask(value = "with-args", recordArguments = true)
    String record(String ticket, int priority) {
        return ticket + priority;
    }

    @AgentTask("void-task")
    void log() {
        System.out.println("void task ran");
    }

    @AgentTask("countdown")
    int countdown(int n) {
        return n == 0 ? 0 : 1 + countdown(n - 1);
    }

    /** Returns at once; the future completes 100 ms later on another thread. */
    @AgentTask("async-task")
    CompletableFuture<String> answerLater() {
        CompletableFuture<String> future = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(100); // the work the task waits for, not a test synchronisation
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            future.complete("answer");
        });
        t.start();
        return future;
    }

    @AgentTask("fan-out")
    List<String> fanOut(int n) throws Exception {
        List<Future<String>> submitted = new ArrayList<>();
        List<CompletableFuture<String>> async = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String part = "part-" + i;
            submitted.add(pool.submit(() -> child(part)));
            async.add(CompletableFuture.supplyAsync(() -> child(part), pool));
        }
        List<String> out = new ArrayList<>();
        for (Future<String> f : submitted) {
            out.add(f.get());
        }
        async.forEach(f -> out.add(f.join()));
        return out;
    }

    @AgentTask("fan-child")
    String child(String part) {
        Oceum.global().reportUsage(Usage.of("gpt-4o-mini", 10, 2));
        return part;
    }
}
