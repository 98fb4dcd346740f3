package ai.oceum.springai;

import ai.oceum.TaskScope;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.ai.tool.annotation.Tool;

/** Tools for the tests: one that answers, one that always throws; each remembers the task current where it ran. */
public class Tools {
    final AtomicReference<TaskScope> taskSeen = new AtomicReference<>();
    final AtomicReference<String> threadSeen = new AtomicReference<>();

    @Tool(description = "The weather in a city")
    public String weather(String city) {
        taskSeen.set(TaskScope.current().orElse(null));
        threadSeen.set(Thread.currentThread().getName());
        return "sunny in " + city;
    }

    @Tool(description = "A tool that always fails")
    public String boom(int x) {
        throw new IllegalStateException("tool boom " + x);
    }
}
